package org.slidescore.scoring.annotation;

import java.util.List;

/** One drawn shape of an AnnoShapes answer; every coordinate is in level-0 pixels. */
public sealed interface Shape {

    /** A closed outline. */
    record Polygon(List<Point> points) implements Shape {
        public Polygon {
            points = List.copyOf(points);
        }
    }

    /** An open line (QuPath sends these). */
    record Polyline(List<Point> points) implements Shape {
        public Polyline {
            points = List.copyOf(points);
        }
    }

    /** An axis-aligned rectangle: top-left corner and width/height. */
    record Rect(Point corner, Point size) implements Shape {
    }

    /** An ellipse: centre and radii ({@code size} holds the half-width and half-height). */
    record Ellipse(Point center, Point size) implements Shape {
    }

    /** A painted area: outlines to fill and holes to cut out. */
    record Brush(List<List<Point>> positivePolygons, List<List<Point>> negativePolygons) implements Shape {
        public Brush {
            positivePolygons = positivePolygons.stream().map(List::copyOf).toList();
            negativePolygons = negativePolygons.stream().map(List::copyOf).toList();
        }
    }

    /** A grid of 0..255 values whose top-left is at (x, y) and which spans {@code height} pixels. */
    record Heatmap(double x, double y, double height, List<int[]> data) implements Shape {
        public Heatmap {
            data = List.copyOf(data);
        }
    }
}
