package org.slidescore.scoring.anno2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slidescore.scoring.domain.QuestionType;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Anno2EncoderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    // ---- building blocks ---------------------------------------------------------------------------------------

    @Test
    void eliasOmegaCodesAreTheTextbookOnes() {
        EliasOmega o = new EliasOmega();
        for (long n : new long[] {1, 2, 3, 4}) {
            o.writeNatural(n);
        }
        // 0 | 10 0 | 11 0 | 10 100 0 = 0100110101000 + three padding zeros
        assertEquals("4d40", HexFormat.of().formatHex(o.toBytes()));
        EliasOmega big = new EliasOmega();
        big.writeNatural(16); // 10 100 10000 0
        assertEquals("a400", HexFormat.of().formatHex(big.toBytes())); // 1010010000 0 + padding
        EliasOmega signed = new EliasOmega();
        for (long n : new long[] {0, 1, -1, 2, -2}) {
            signed.writeInteger(n); // → 1, 2, 3, 4, 5
        }
        assertEquals(List.of(0L, 1L, -1L, 2L, -2L), Anno2Reader.omega(signed.toBytes(), true).subList(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new EliasOmega().writeNatural(0));
        List<Long> many = new ArrayList<>();
        EliasOmega m = new EliasOmega();
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            long v = 1 + (long) (Math.abs(r.nextGaussian()) * (i % 3 == 0 ? 1e9 : 300));
            many.add(v);
            m.writeNatural(v);
        }
        assertEquals(many, Anno2Reader.omega(m.toBytes(), false).subList(0, many.size()));
    }

    @Test
    void polygonBinaryOfTheFormatsOwnExample() {
        // the example of the format description: one polygon 1,1 1,2 300,300 3,3
        byte[] bin = PolygonBinary.encode(List.of(new int[] {1, 1, 1, 2, 300, 300, 3, 3}));
        ByteBuffer b = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(256, b.getInt());
        assertEquals(2, b.getInt(), "rows = ceil(300 / 256)");
        assertEquals(2, b.getInt(), "columns");
        assertEquals(4, b.getInt(), "one polygon length");
        assertEquals(8, b.getInt(), "2 × 4 vertices");
        byte[] x = new byte[b.getInt()];
        b.get(x);
        byte[] y = new byte[b.getInt()];
        b.get(y);
        byte[] runs = new byte[b.getInt()];
        b.get(runs);
        assertEquals(List.of(0L, 1L, -1L), Anno2Reader.omega(x, true).subList(0, 3));
        assertEquals(List.of(0L, 1L, -1L), Anno2Reader.omega(y, true).subList(0, 3));
        assertEquals(List.of(2L, 1L, 1L), Anno2Reader.omega(runs, false).subList(0, 3));
        byte[] rem = new byte[b.getInt()];
        b.get(rem);
        assertArrayEquals(new byte[] {1, 1, 1, 2, 44, 44, 3, 3}, rem);
        assertEquals(0, b.remaining());
        Anno2Reader.Polygons back = Anno2Reader.polygons(bin);
        assertArrayEquals(new int[] {1, 1, 1, 2, 300, 300, 3, 3}, back.polygons().get(0));
    }

    @Test
    void polygonBinaryRoundTripsManyPolygons() {
        Random r = new Random(42);
        List<int[]> polygons = new ArrayList<>();
        for (int p = 0; p < 300; p++) {
            int n = 1 + r.nextInt(p % 10 == 0 ? 2000 : 12);
            int cx = r.nextInt(150_000);
            int cy = r.nextInt(90_000);
            int[] flat = new int[n * 2];
            for (int i = 0; i < n; i++) {
                flat[2 * i] = Math.max(0, cx + r.nextInt(3000) - 1500);
                flat[2 * i + 1] = Math.max(0, cy + r.nextInt(3000) - 1500);
            }
            polygons.add(flat);
        }
        Anno2Reader.Polygons back = Anno2Reader.polygons(PolygonBinary.encode(polygons));
        assertEquals(polygons.size(), back.polygons().size());
        for (int i = 0; i < polygons.size(); i++) {
            assertArrayEquals(polygons.get(i), back.polygons().get(i), "polygon " + i);
        }
    }

    @Test
    void msgpackUsesTheShortestForms() {
        HexFormat h = HexFormat.of();
        assertEquals("7f", h.formatHex(new MsgPack().integer(127).toBytes()));
        assertEquals("cc80", h.formatHex(new MsgPack().integer(128).toBytes()));
        assertEquals("cd0100", h.formatHex(new MsgPack().integer(256).toBytes()));
        assertEquals("ce00010000", h.formatHex(new MsgPack().integer(65536).toBytes()));
        assertEquals("ff", h.formatHex(new MsgPack().integer(-1).toBytes()));
        assertEquals("e0", h.formatHex(new MsgPack().integer(-32).toBytes()));
        assertEquals("d0df", h.formatHex(new MsgPack().integer(-33).toBytes()));
        assertEquals("d1ff7f", h.formatHex(new MsgPack().integer(-129).toBytes()));
        assertEquals("a3617364", h.formatHex(new MsgPack().string("asd").toBytes()));
        assertEquals("c40201ff", h.formatHex(new MsgPack().binary(new byte[] {1, (byte) 0xff}).toBytes()));
        assertEquals("81c3c2", h.formatHex(new MsgPack().mapHeader(1).bool(true).bool(false).toBytes()));
        assertEquals("de0010", h.formatHex(new MsgPack().mapHeader(16).toBytes()));
    }

    @Test
    void storedBrotliIsValidBrotli() {
        Random r = new Random(3);
        for (int size : new int[] {0, 1, 100, Brotli.STORED_BLOCK - 1, Brotli.STORED_BLOCK, Brotli.STORED_BLOCK + 1,
                200_000}) {
            byte[] data = new byte[size];
            r.nextBytes(data);
            byte[] stored = Brotli.stored(data);
            assertArrayEquals(data, Anno2Reader.brotli(stored), size + " bytes");
            assertArrayEquals(data, Anno2Reader.brotli(Brotli.compress(data)), size + " bytes, compressed");
        }
        assertEquals("06", HexFormat.of().formatHex(Brotli.stored(new byte[0])), "the empty stream");
        byte[] text = "[{\"x\": 1, \"y\": 2}]".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        assertTrue(Brotli.nativeAvailable(), "brotli4j's native encoder loads on this platform");
        assertTrue(Brotli.compress(text).length < text.length / 20, "the native encoder compresses");
    }

    @Test
    void greyscalePngReadsBack() throws IOException {
        byte[] png = GrayPng.write(300, 2, (y, row) -> {
            for (int x = 0; x < row.length; x++) {
                row[x] = (byte) ((x + y * 7) & 0xff);
            }
        });
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(300, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        Raster raster = img.getRaster();
        assertEquals(255, raster.getSample(255, 0, 0));
        assertEquals(7, raster.getSample(0, 1, 0));
        assertEquals((299 + 7) & 0xff, raster.getSample(299, 1, 0));
    }

    @Test
    void simplificationDropsVerticesWithinTheTolerance() {
        int[] square = {0, 0, 50, 1, 100, 0, 100, 100, 0, 100};
        assertArrayEquals(new int[] {0, 0, 100, 0, 100, 100, 0, 100}, Simplify.simplify(square, 16));
        assertArrayEquals(square, Simplify.simplify(square, 0.5));
        assertArrayEquals(new int[] {5, 5}, Simplify.simplify(new int[] {5, 5, 5, 5}, 16));
    }

    // ---- answers -----------------------------------------------------------------------------------------------

    @Test
    void pointsBecomeAnno1PointsJson() throws IOException {
        Anno2Encoder.Encoded e = Anno2Encoder.encode(QuestionType.AnnoPoints,
                "[{\"x\": 6794.4, \"y\": 20853.6}, {\"x\": 10, \"y\": \"15\"}, {\"x\": -3, \"y\": 20}]",
                "{\"description\": \"Hello World\"}");
        assertEquals("points", e.type());
        assertEquals(3, e.numItems());
        Map<String, byte[]> z = Anno2Reader.entries(e.zip());
        assertEquals(List.of("system_metadata.json", "user_metadata.json", "anno1_points.json.br"), List.copyOf(z.keySet()));
        JsonNode system = JSON.readTree(z.get("system_metadata.json"));
        assertEquals("0.2.0", system.get("version").asText());
        assertEquals("points", system.get("type").asText());
        assertEquals(3, system.get("numItems").asInt());
        assertEquals("{\"description\": \"Hello World\"}", new String(z.get("user_metadata.json"), StandardCharsets.UTF_8));
        JsonNode points = JSON.readTree(Anno2Reader.brotli(z.get("anno1_points.json.br")));
        assertEquals(JSON.readTree("[{\"x\":6794,\"y\":20854},{\"x\":10,\"y\":15},{\"x\":0,\"y\":20}]"), points,
                "whole pixels, negative ones at 0");
    }

    @Test
    void manyPointsAlsoGetDensityMaps() throws IOException {
        StringBuilder sb = new StringBuilder("[");
        int n = Anno2Encoder.FEW_POINTS;
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"x\":").append(i % 4000).append(",\"y\":").append(i / 4000).append('}');
        }
        Anno2Encoder.Encoded e = Anno2Encoder.encode(QuestionType.AnnoPoints, sb.append(']').toString(), "{}");
        Map<String, byte[]> z = Anno2Reader.entries(e.zip());
        assertEquals(List.of("system_metadata.json", "user_metadata.json", "lookup-tables/density_32px.png",
                "lookup-tables/density_256px.png", "anno1_points.json.br"), List.copyOf(z.keySet()));
        BufferedImage d32 = ImageIO.read(new ByteArrayInputStream(z.get("lookup-tables/density_32px.png")));
        assertEquals(3999 / 32 + 1, d32.getWidth(), "cells 0..124 across x 0..3999");
        assertEquals((n / 4000 - 1) / 32 + 1, d32.getHeight());
        assertEquals(255, d32.getRaster().getSample(0, 0, 0), "a full cell is the densest");
        BufferedImage d256 = ImageIO.read(new ByteArrayInputStream(z.get("lookup-tables/density_256px.png")));
        assertEquals(4000 / 256 + 1, d256.getWidth());
        assertEquals(n, JSON.readTree(Anno2Reader.brotli(z.get("anno1_points.json.br"))).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shapesBecomePolygonsWithTileIndexesHolesAndLabels() throws IOException {
        String value = "[{\"type\":\"polygon\",\"points\":[{\"x\":10,\"y\":10},{\"x\":300.4,\"y\":10},{\"x\":300,\"y\":40}],"
                + "\"labels\":[{\"x\":12,\"y\":12,\"label\":\"tumour\"}]},"
                + "{\"type\":\"rect\",\"corner\":{\"x\":1000,\"y\":2000},\"size\":{\"x\":500,\"y\":100}},"
                + "{\"type\":\"brush\",\"positivePolygons\":[[{\"x\":0,\"y\":0},{\"x\":600,\"y\":0},{\"x\":600,\"y\":600}],"
                + "[{\"x\":5000,\"y\":5000},{\"x\":5010,\"y\":5000},{\"x\":5010,\"y\":5010}]],"
                + "\"negativePolygons\":[[{\"x\":100,\"y\":50},{\"x\":200,\"y\":50},{\"x\":200,\"y\":90}]]},"
                + "{\"type\":\"ellipse\",\"center\":{\"x\":800,\"y\":800},\"size\":{\"x\":40,\"y\":20}}]";
        Anno2Encoder.Encoded e = Anno2Encoder.encode(QuestionType.AnnoShapes, value, "{\"a\":1}");
        assertEquals("polygons", e.type());
        assertEquals(6, e.numItems(), "polygon, rect, two brush outlines, the hole, the ellipse");
        Map<String, byte[]> z = Anno2Reader.entries(e.zip());
        assertEquals(List.of("system_metadata.json", "user_metadata.json", "lookup-tables/density_32px.png",
                "lookup-tables/density_256px.png", "polygon_container/tile_polygons_i.msgpack.br",
                "polygon_container/big_tile_polygons_i.msgpack.br", "polygon_container/encoded_polygons.bin.br",
                "polygon_container/simpl_encoded_polygons.bin.br", "polygon_container/negative_polygons.json",
                "labels.json"), List.copyOf(z.keySet()));

        List<int[]> polygons = Anno2Reader.polygons(Anno2Reader.brotli(z.get("polygon_container/encoded_polygons.bin.br")))
                .polygons();
        assertEquals(6, polygons.size());
        assertArrayEquals(new int[] {10, 10, 300, 10, 300, 40}, polygons.get(0));
        assertArrayEquals(new int[] {1000, 2000, 1500, 2000, 1500, 2100, 1000, 2100}, polygons.get(1));
        assertArrayEquals(new int[] {0, 0, 600, 0, 600, 600}, polygons.get(2));
        assertArrayEquals(new int[] {5000, 5000, 5010, 5000, 5010, 5010}, polygons.get(3));
        assertArrayEquals(new int[] {100, 50, 200, 50, 200, 90}, polygons.get(4));
        assertEquals(2 * Anno2Encoder.ELLIPSE_VERTICES, polygons.get(5).length);
        assertEquals(840, polygons.get(5)[0]);
        assertEquals(800, polygons.get(5)[1]);

        List<int[]> simplified = Anno2Reader.polygons(
                Anno2Reader.brotli(z.get("polygon_container/simpl_encoded_polygons.bin.br"))).polygons();
        assertEquals(6, simplified.size(), "one simplified polygon per polygon");
        assertTrue(simplified.get(5).length < polygons.get(5).length, "the 64-gon loses vertices at 16 px");

        assertEquals(JSON.readTree("{\"2\":[4],\"3\":[4]}"),
                JSON.readTree(z.get("polygon_container/negative_polygons.json")), "the hole belongs to both outlines");
        JsonNode labels = JSON.readTree(z.get("labels.json"));
        assertEquals(1, labels.size());
        assertEquals("tumour", labels.get(0).get("label").asText());
        assertEquals(0, labels.get(0).get("polygon_i").asInt());

        Map<Object, Object> tiles = (Map<Object, Object>) Anno2Reader.msgpack(
                Anno2Reader.brotli(z.get("polygon_container/tile_polygons_i.msgpack.br")));
        Map<Object, Object> row0 = (Map<Object, Object>) tiles.get(0L);
        assertArrayEquals(new int[] {0, 2, 4}, Anno2Reader.typedArray(row0.get(0L)), "tile (0,0)");
        assertArrayEquals(new int[] {0, 2}, Anno2Reader.typedArray(row0.get(1L)), "tile (1,0)");
        Map<Object, Object> row7 = (Map<Object, Object>) tiles.get(7L);
        assertArrayEquals(new int[] {1}, Anno2Reader.typedArray(row7.get(3L)), "the rect at 1000..1500, 2000..2100");
        Map<Object, Object> big = (Map<Object, Object>) Anno2Reader.msgpack(
                Anno2Reader.brotli(z.get("polygon_container/big_tile_polygons_i.msgpack.br")));
        assertArrayEquals(new int[] {2}, Anno2Reader.typedArray(((Map<Object, Object>) big.get(0L)).get(0L)),
                "tile (0,0) lists only the 600 × 600 brush outline as big");
        assertTrue(((Map<Object, Object>) big.get(7L)).containsKey(3L), "the 500 × 100 rect is big");
        assertFalse(big.containsKey(19L), "the 10 × 10 brush outline is not big");
    }

    @Test
    void heatmapBecomesAPngWithItsPlace() throws IOException {
        String value = "[{\"type\":\"heatmap\",\"x\":128,\"y\":32,\"height\":64,\"data\":[[255,200,150,100],[200,150,100,50],"
                + "[150,100,50,5],[100,50,5]]}]";
        Anno2Encoder.Encoded e = Anno2Encoder.encode(QuestionType.AnnoShapes, value, "{}");
        assertEquals("heatmap", e.type());
        assertEquals(16, e.numItems());
        Map<String, byte[]> z = Anno2Reader.entries(e.zip());
        assertEquals(List.of("system_metadata.json", "user_metadata.json", "heatmap.png", "heatmap_metadata.json"),
                List.copyOf(z.keySet()));
        assertEquals(JSON.readTree("{\"x\":128,\"y\":32,\"sizePerPixel\":16}"), JSON.readTree(z.get("heatmap_metadata.json")));
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(z.get("heatmap.png")));
        assertEquals(4, png.getWidth());
        assertEquals(4, png.getHeight());
        assertEquals(255, png.getRaster().getSample(0, 0, 0));
        assertEquals(5, png.getRaster().getSample(2, 3, 0));
        assertEquals(0, png.getRaster().getSample(3, 3, 0), "a short row is padded with 0");
    }

    @Test
    void answersWithoutAnAnno2FormAreRefused() {
        String polyline = "[{\"type\":\"polyline\",\"points\":[{\"x\":1,\"y\":1},{\"x\":2,\"y\":2}]}]";
        assertEquals("shape 1 is a polyline: an anno2 holds closed polygons, points or a heatmap, not open lines",
                assertThrows(Anno2ConversionException.class,
                        () -> Anno2Encoder.encode(QuestionType.AnnoShapes, polyline, "{}")).getMessage());
        String mixed = "[{\"type\":\"heatmap\",\"x\":0,\"y\":0,\"height\":4,\"data\":[[1]]},"
                + "{\"type\":\"rect\",\"corner\":{\"x\":1,\"y\":1},\"size\":{\"x\":2,\"y\":2}}]";
        assertTrue(assertThrows(Anno2ConversionException.class,
                () -> Anno2Encoder.encode(QuestionType.AnnoShapes, mixed, "{}")).getMessage().startsWith(
                "an anno2 holds one heatmap or polygons"));
        assertEquals("the answer has no shapes", assertThrows(Anno2ConversionException.class,
                () -> Anno2Encoder.encode(QuestionType.AnnoShapes, "[]", "{}")).getMessage());
        assertEquals("the answer has no points", assertThrows(Anno2ConversionException.class,
                () -> Anno2Encoder.encode(QuestionType.AnnoPoints, "[]", "{}")).getMessage());
        assertTrue(assertThrows(Anno2ConversionException.class,
                () -> Anno2Encoder.encode(QuestionType.AnnoPoints, "not json", "{}")).getMessage().startsWith(
                "the stored answer is not a valid annotation: annotation is not valid JSON"));
        assertEquals("a FreeText answer is not an annotation", assertThrows(Anno2ConversionException.class,
                () -> Anno2Encoder.encode(QuestionType.FreeText, "[]", "{}")).getMessage());
        assertTrue(assertThrows(Anno2ConversionException.class,
                () -> Anno2Encoder.encode(QuestionType.AnnoPoints, "[{\"x\":1e12,\"y\":1}]", "{}")).getMessage()
                .contains("beyond any slide"));
    }
}
