package org.slidescore.scoring.annotation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnnotationJsonTest {

    @Test
    void shapesWriteAndReadBack() {
        List<Shape> shapes = List.of(
                new Shape.Polygon(List.of(new Point(1, 1), new Point(2.5, 1), new Point(2, 2))),
                new Shape.Polyline(List.of(new Point(0, 0), new Point(1, 1))),
                new Shape.Rect(new Point(1, 2), new Point(3, 4)),
                new Shape.Ellipse(new Point(5, 5), new Point(1, 2)),
                new Shape.Brush(List.of(List.of(new Point(0, 0), new Point(9, 0), new Point(9, 9))),
                        List.of(List.of(new Point(1, 1), new Point(2, 1), new Point(2, 2)))));
        String json = AnnotationJson.writeShapes(shapes);
        assertEquals(shapes, AnnotationJson.readShapes(json));
        assertEquals("{\"type\":\"rect\",\"corner\":{\"x\":1,\"y\":2},\"size\":{\"x\":3,\"y\":4}}",
                json.substring(json.indexOf("{\"type\":\"rect\""), json.indexOf("{\"type\":\"ellipse\"") - 1));
    }

    @Test
    void heatmapRoundTrip() {
        String json = "[{\"type\":\"heatmap\",\"x\":1,\"y\":2,\"height\":3,\"data\":[[0,1],[254,255]]}]";
        assertEquals(json, AnnotationJson.writeShapes(AnnotationJson.readShapes(json)));
    }

    @Test
    void pointsWriteAndReadBack() {
        List<Point> points = List.of(new Point(6794.0, 20853.0), new Point(0.25, 1));
        assertEquals("[{\"x\":6794,\"y\":20853},{\"x\":0.25,\"y\":1}]", AnnotationJson.writePoints(points));
        assertEquals(points, AnnotationJson.readPoints(AnnotationJson.writePoints(points)));
    }
}
