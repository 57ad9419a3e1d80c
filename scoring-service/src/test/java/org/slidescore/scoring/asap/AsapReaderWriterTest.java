package org.slidescore.scoring.asap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slidescore.scoring.annotation.AnnotationJson;
import org.slidescore.scoring.annotation.Point;
import org.slidescore.scoring.annotation.Shape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class AsapReaderWriterTest {
    /** The SDK's sample (tests/test_upload_asap.py): a TAB after the root, two polygons, one colour mapped. */
    public static final String SDK_SAMPLE = "<ASAP_Annotations>\t<Annotations>\t<Annotation Name=\"Annotation 0\" Type=\"Polygon\" "
            + "PartOfGroup=\"red\" Color=\"#000000\"><Coordinates>" + coords() + "</Coordinates></Annotation>\n"
            + "    <Annotation Name=\"Annotation 0\" Type=\"Polygon\" PartOfGroup=\"red\" Color=\"#e6194b\"><Coordinates>"
            + coords() + "</Coordinates></Annotation>\n    </Annotations></ASAP_Annotations>";

    public static String coords() {
        int[][] xy = {{40444, 37114}, {40444, 37104}, {40454, 37104}, {40454, 37095}, {40543, 37095}, {40543, 37085},
                {40563, 37085}, {40563, 37075}, {40573, 37075}, {40573, 37065}, {40583, 37065}, {40583, 37055},
                {40602, 37055}, {40602, 37045}, {40632, 37045}, {40632, 37035}};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < xy.length; i++) {
            sb.append("<Coordinate Order=\"").append(i).append("\" X=\"").append(xy[i][0]).append("\" Y=\"")
                    .append(xy[i][1]).append("\" />");
        }
        return sb.toString();
    }

    private final AsapReader reader = new AsapReader();

    @Test
    void readsTheSdkSample() {
        AsapDocument doc = reader.read(SDK_SAMPLE);
        assertEquals(2, doc.annotations().size());
        AsapAnnotation a = doc.annotations().get(1);
        assertEquals("Polygon", a.type());
        assertEquals("red", a.group());
        assertEquals("#e6194b", a.colour());
        assertEquals(16, a.coordinates().size());
        assertEquals(new Point(40444, 37114), a.coordinates().get(0));
        assertEquals(new Point(40632, 37035), a.coordinates().get(15));
        assertEquals("#000000", doc.annotations().get(0).colour());
    }

    @Test
    void coordinatesAreSortedByOrderAndGroupColourIsTheFallback() {
        String xml = "<?xml version=\"1.0\"?><ASAP_Annotations><Annotations>"
                + "<Annotation Name=\"A\" Type=\"PointSet\" PartOfGroup=\"g1\"><Coordinates>"
                + "<Coordinate Order=\"2\" X=\"3\" Y=\"3\"/><Coordinate Order=\"0\" X=\"1.5\" Y=\"1\"/>"
                + "<Coordinate Order=\"1\" X=\"2,25\" Y=\"2\"/></Coordinates></Annotation></Annotations>"
                + "<AnnotationGroups><Group Name=\"g1\" PartOfGroup=\"None\" Color=\"#00FF00\"><Attributes/></Group>"
                + "</AnnotationGroups></ASAP_Annotations>";
        AsapDocument doc = reader.read(xml);
        AsapAnnotation a = doc.annotations().get(0);
        assertNull(a.colour());
        assertEquals("#00ff00", doc.colourOf(a));
        assertEquals(List.of(new Point(1.5, 1), new Point(2.25, 2), new Point(3, 3)), a.coordinates());
    }

    @Test
    void writerOutputReadsBackIdentically() {
        AsapDocument doc = new AsapDocument(List.of(
                new AsapAnnotation("Annotation 0", "Polygon", "Tumour & \"more\"", "#e6194b",
                        List.of(new Point(1, 2), new Point(3.5, 4), new Point(5, 6.25))),
                new AsapAnnotation("Annotation 1", "Dot", "Cells", "#00ff00", List.of(new Point(7, 8)))),
                List.of(new AsapGroup("Tumour & \"more\"", "#e6194b"), new AsapGroup("Cells", "#00ff00")));
        String xml = AsapWriter.write(doc);
        assertTrue(xml.startsWith("<"));
        assertTrue(xml.contains("<Coordinate Order=\"1\" X=\"3.5\" Y=\"4\""), xml);
        assertEquals(doc, reader.read(xml));
    }

    @Test
    void numbersAreWrittenPlainly() {
        assertEquals("40444", AsapWriter.number(40444.0));
        assertEquals("0.5", AsapWriter.number(0.5));
        assertEquals("12345678901", AsapWriter.number(12345678901.0));
        assertEquals("0", AsapWriter.number(0));
    }

    @Test
    void aDoctypeIsRefused(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE ASAP_Annotations [<!ENTITY x SYSTEM \"" + secret.toUri()
                + "\">]><ASAP_Annotations><Annotations><Annotation Name=\"&x;\" Type=\"Dot\"><Coordinates>"
                + "<Coordinate Order=\"0\" X=\"1\" Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>";
        AsapFormatException e = assertThrows(AsapFormatException.class, () -> reader.read(xxe));
        assertFalse(e.getMessage().contains("TOP-SECRET"));
    }

    @Test
    void billionLaughsIsRefused() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
                + "<ASAP_Annotations><Annotations><Annotation Name=\"&lol2;\" Type=\"Dot\"/></Annotations></ASAP_Annotations>";
        assertThrows(AsapFormatException.class, () -> reader.read(bomb));
    }

    @Test
    void anUndeclaredEntityIsRefused() {
        String xml = "<ASAP_Annotations><Annotations><Annotation Name=\"&x;\" Type=\"Dot\"><Coordinates>"
                + "<Coordinate X=\"1\" Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>";
        assertThrows(AsapFormatException.class, () -> reader.read(xml));
    }

    @Test
    void sizeBoundsHold() {
        AsapReader small = new AsapReader(200, 3);
        assertTrue(assertThrows(AsapFormatException.class, () -> small.read("<ASAP_Annotations>" + " ".repeat(300)
                + "</ASAP_Annotations>")).getMessage().contains("larger than 200"));
        String four = "<ASAP_Annotations><Annotations><Annotation Type=\"PointSet\"><Coordinates>"
                + "<Coordinate X=\"1\" Y=\"1\"/>".repeat(4) + "</Coordinates></Annotation></Annotations></ASAP_Annotations>";
        assertTrue(assertThrows(AsapFormatException.class, () -> new AsapReader(10_000, 3).read(four))
                .getMessage().contains("more than 3 coordinates"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
            "|empty ASAP annotation",
            "<ASAP_Annotations><Annotations>|malformed ASAP XML",
            "not xml at all|malformed ASAP XML",
            "<Annotations/>|root element is <Annotations>",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Circle\"/></Annotations></ASAP_Annotations>|unknown Type \"Circle\"",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\"/></Annotations></ASAP_Annotations>|has no Type",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Polygon\"><Coordinates><Coordinate X=\"1\" Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>|needs at least 3 coordinates",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Dot\"><Coordinates><Coordinate X=\"1\" Y=\"1\"/><Coordinate X=\"2\" Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>|exactly one coordinate",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Dot\"><Coordinates><Coordinate X=\"abc\" Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>|X=\"abc\" is not a number",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Dot\"><Coordinates><Coordinate Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>|without X",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Dot\"><Coordinates><Coordinate X=\"NaN\" Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>|is not a number",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Dot\"><Coordinates><Coordinate Order=\"x\" X=\"1\" Y=\"1\"/></Coordinates></Annotation></Annotations></ASAP_Annotations>|Order \"x\" is not a number",
            "<ASAP_Annotations><Annotations><Annotation Name=\"a\" Type=\"Dot\" Color=\"red\"/></Annotations></ASAP_Annotations>|Color \"red\" is not a #rrggbb colour",
            "<ASAP_Annotations><Coordinate X=\"1\" Y=\"1\"/></ASAP_Annotations>|outside an <Annotation>",
    })
    void badDocumentsAreRefusedWithAReason(String xml, String expected) {
        AsapFormatException e = assertThrows(AsapFormatException.class, () -> reader.read(xml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void conversionRoundTripKeepsGeometry() {
        List<Shape> shapes = List.of(
                new Shape.Polygon(List.of(new Point(1, 1), new Point(10, 1), new Point(10, 10))),
                new Shape.Rect(new Point(5, 6), new Point(7, 8)),
                new Shape.Polyline(List.of(new Point(0, 0), new Point(3, 4))));
        List<AsapAnnotation> annotations = AsapConversion.fromShapes(shapes, "Q", "#123456", 0);
        assertEquals(List.of("Polygon", "Rectangle", "Spline"), annotations.stream().map(AsapAnnotation::type).toList());
        String xml = AsapWriter.write(new AsapDocument(annotations, List.of(new AsapGroup("Q", "#123456"))));
        List<Shape> back = new ArrayList<>();
        for (AsapAnnotation a : reader.read(xml).annotations()) {
            back.add(AsapConversion.toShape(a));
        }
        assertEquals(shapes, back);
        assertEquals(AnnotationJson.writeShapes(shapes), AnnotationJson.writeShapes(back));
    }

    @Test
    void pointsBecomeDotOrPointSet() {
        assertEquals("Dot", AsapConversion.fromPoints(List.of(new Point(1, 2)), "Q", "#000000", 0).get(0).type());
        AsapAnnotation set = AsapConversion.fromPoints(List.of(new Point(1, 2), new Point(3, 4)), "Q", "#000000", 3).get(0);
        assertEquals("PointSet", set.type());
        assertEquals("Annotation 3", set.name());
        assertTrue(AsapConversion.isPoints(set));
        assertTrue(AsapConversion.fromPoints(List.of(), "Q", "#000000", 0).isEmpty());
    }

    @Test
    void ellipseAndBrushAreApproximatedHeatmapLeftOut() {
        List<AsapAnnotation> a = AsapConversion.fromShapes(List.of(
                new Shape.Ellipse(new Point(100, 100), new Point(10, 5)),
                new Shape.Brush(List.of(List.of(new Point(0, 0), new Point(1, 0), new Point(1, 1)),
                        List.of(new Point(5, 5), new Point(6, 5), new Point(6, 6))), List.of()),
                new Shape.Heatmap(0, 0, 10, List.of(new int[]{1}))), "Q", "#000000", 0);
        assertEquals(3, a.size());
        assertEquals(AsapConversion.ELLIPSE_VERTICES, a.get(0).coordinates().size());
        assertEquals(new Point(110, 100), a.get(0).coordinates().get(0));
        assertEquals("Polygon", a.get(1).type());
        assertEquals("Annotation 2", a.get(2).name());
    }

    @Test
    void rectangleFromAnyCornerOrder() {
        Shape s = AsapConversion.toShape(new AsapAnnotation("r", "Rectangle", null, null,
                List.of(new Point(10, 20), new Point(2, 20), new Point(2, 4), new Point(10, 4))));
        Shape.Rect r = assertInstanceOf(Shape.Rect.class, s);
        assertEquals(new Point(2, 4), r.corner());
        assertEquals(new Point(8, 16), r.size());
    }
}
