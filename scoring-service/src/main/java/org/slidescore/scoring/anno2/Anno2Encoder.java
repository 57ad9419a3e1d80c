package org.slidescore.scoring.anno2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slidescore.scoring.annotation.AnnotationJson;
import org.slidescore.scoring.annotation.Point;
import org.slidescore.scoring.annotation.Shape;
import org.slidescore.scoring.domain.InvalidAnswerException;
import org.slidescore.scoring.domain.QuestionType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an annotation answer (contract §4.2) as an anno2 zip in the layout of the SDK's {@code Encoder} (format
 * version 0.2.0), so that the SDK's decoder and a viewer that reads SDK-made files read it:
 * <ul>
 * <li>every zip: {@code system_metadata.json} ({@code version}, {@code type}, {@code numItems}) and
 * {@code user_metadata.json} (the caller's metadata object as given);</li>
 * <li>AnnoPoints → type {@code points}: {@code anno1_points.json.br} (the points as {@code [{"x","y"}]}, Brotli), and
 * from 500 000 points on also the density maps {@code lookup-tables/density_32px.png} and {@code density_256px.png};</li>
 * <li>AnnoShapes polygons, rectangles, ellipses (64 vertices) and brushes (positive outlines, holes linked to them)
 * → type {@code polygons}: density maps, {@code polygon_container/tile_polygons_i.msgpack.br} and
 * {@code big_tile_polygons_i.msgpack.br} (per 256-pixel tile the indexes of the polygons whose bounding box touches
 * it; "big" = bounding box over 100 × 100 pixels), {@code encoded_polygons.bin.br} (every vertex, see
 * {@link PolygonBinary}), {@code simpl_encoded_polygons.bin.br} (simplified to 16 pixels),
 * {@code negative_polygons.json} and, when shapes carry {@code labels}, {@code labels.json};</li>
 * <li>an AnnoShapes heatmap → type {@code heatmap}: {@code heatmap.png} (8-bit greyscale of the data rows) and
 * {@code heatmap_metadata.json} ({@code x}, {@code y}, {@code sizePerPixel} = height / rows).</li>
 * </ul>
 * Coordinates become whole pixels (rounded; negative ones become 0, as anno2 stores unsigned values). Open polylines
 * and heatmaps mixed with other shapes have no anno2 form and are refused.
 */
public final class Anno2Encoder {
    public static final String VERSION = "0.2.0";
    static final int TILE = 256;
    static final long BIG_POLYGON_AREA = 100L * 100L;
    static final int FEW_POINTS = 500_000;
    static final double SIMPLIFY_TOLERANCE = 16;
    static final int ELLIPSE_VERTICES = 64;
    /** Density contributed by one polygon to each 32-pixel cell it touches (one point contributes 1). */
    static final int POLYGON_DENSITY = 15;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A written zip: its bytes, its anno2 type and item count. */
    public record Encoded(byte[] zip, String type, int numItems) {
    }

    /**
     * The anno2 zip of an answer value of a question of {@code type}, with {@code userMetadata} (a JSON object's
     * text) as {@code user_metadata.json}.
     *
     * @throws Anno2ConversionException when the value has no anno2 form (empty, polylines, mixed heatmap, not JSON)
     */
    public static Encoded encode(QuestionType type, String value, String userMetadata) {
        byte[] user = userMetadata.getBytes(StandardCharsets.UTF_8);
        try {
            if (type == QuestionType.AnnoPoints) {
                return points(AnnotationJson.readPoints(value), user);
            }
            if (type == QuestionType.AnnoShapes || type == QuestionType.AnnoMeasure) {
                return shapes(AnnotationJson.readShapes(value), value, user);
            }
        } catch (InvalidAnswerException e) {
            throw new Anno2ConversionException("the stored answer is not a valid annotation: " + e.getMessage());
        }
        throw new Anno2ConversionException("a " + type + " answer is not an annotation");
    }

    // ---- points ------------------------------------------------------------------------------------------------

    private static Encoded points(List<Point> points, byte[] user) {
        if (points.isEmpty()) {
            throw new Anno2ConversionException("the answer has no points");
        }
        int[] flat = new int[points.size() * 2];
        StringBuilder json = new StringBuilder(points.size() * 24).append('[');
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            int x = pixel(p.x(), "point " + (i + 1) + " x");
            int y = pixel(p.y(), "point " + (i + 1) + " y");
            flat[2 * i] = x;
            flat[2 * i + 1] = y;
            if (i > 0) {
                json.append(", ");
            }
            json.append("{\"x\": ").append(x).append(", \"y\": ").append(y).append('}');
        }
        json.append(']');
        StoredZip zip = metadata("points", points.size(), user);
        if (points.size() >= FEW_POINTS) {
            Density d32 = new Density(32);
            for (int i = 0; i < flat.length; i += 2) {
                d32.add(flat[i] / 32, flat[i + 1] / 32, 1);
            }
            lookupTables(zip, d32);
        }
        zip.add("anno1_points.json.br", Brotli.compress(json.toString().getBytes(StandardCharsets.UTF_8)));
        return new Encoded(zip.finish(), "points", points.size());
    }

    // ---- shapes ------------------------------------------------------------------------------------------------

    private static Encoded shapes(List<Shape> shapes, String value, byte[] user) {
        if (shapes.isEmpty()) {
            throw new Anno2ConversionException("the answer has no shapes");
        }
        long heatmaps = shapes.stream().filter(s -> s instanceof Shape.Heatmap).count();
        if (heatmaps > 0) {
            if (shapes.size() > 1) {
                throw new Anno2ConversionException("an anno2 holds one heatmap or polygons, but this answer has "
                        + heatmaps + " heatmap(s) among " + shapes.size() + " shapes");
            }
            return heatmap((Shape.Heatmap) shapes.get(0), user);
        }
        List<int[]> polygons = new ArrayList<>();
        Map<String, List<Integer>> negatives = new LinkedHashMap<>();
        int[] firstPolygonOfShape = new int[shapes.size()];
        for (int s = 0; s < shapes.size(); s++) {
            Shape shape = shapes.get(s);
            String where = "shape " + (s + 1);
            firstPolygonOfShape[s] = polygons.size();
            if (shape instanceof Shape.Polygon p) {
                polygons.add(ring(p.points(), where));
            } else if (shape instanceof Shape.Rect r) {
                int x0 = pixel(r.corner().x(), where + " corner x");
                int y0 = pixel(r.corner().y(), where + " corner y");
                int x1 = pixel(r.corner().x() + r.size().x(), where + " width");
                int y1 = pixel(r.corner().y() + r.size().y(), where + " height");
                polygons.add(new int[] {x0, y0, x1, y0, x1, y1, x0, y1});
            } else if (shape instanceof Shape.Ellipse e) {
                List<Point> ring = new ArrayList<>(ELLIPSE_VERTICES);
                for (int k = 0; k < ELLIPSE_VERTICES; k++) {
                    double t = 2 * Math.PI * k / ELLIPSE_VERTICES;
                    ring.add(new Point(e.center().x() + e.size().x() * Math.cos(t),
                            e.center().y() + e.size().y() * Math.sin(t)));
                }
                polygons.add(ring(ring, where));
            } else if (shape instanceof Shape.Brush b) {
                if (b.positivePolygons().isEmpty()) {
                    throw new Anno2ConversionException(where + " (brush) has no positive polygon");
                }
                List<Integer> positives = new ArrayList<>();
                for (List<Point> ring : b.positivePolygons()) {
                    positives.add(polygons.size());
                    polygons.add(ring(ring, where));
                }
                for (List<Point> hole : b.negativePolygons()) {
                    int neg = polygons.size();
                    polygons.add(ring(hole, where));
                    for (int pos : positives) {
                        negatives.computeIfAbsent(Integer.toString(pos), k -> new ArrayList<>()).add(neg);
                    }
                }
            } else if (shape instanceof Shape.Polyline) {
                throw new Anno2ConversionException(where + " is a polyline: an anno2 holds closed polygons, points or "
                        + "a heatmap, not open lines");
            } else {
                throw new Anno2ConversionException(where + " cannot be stored in an anno2");
            }
        }
        StoredZip zip = metadata("polygons", polygons.size(), user);

        Density d32 = new Density(32);
        Map<Integer, Map<Integer, IntList>> allTiles = new LinkedHashMap<>();
        Map<Integer, Map<Integer, IntList>> bigTiles = new LinkedHashMap<>();
        for (int i = 0; i < polygons.size(); i++) {
            int[] p = polygons.get(i);
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = 0;
            int maxY = 0;
            for (int k = 0; k < p.length; k += 2) {
                minX = Math.min(minX, p[k]);
                maxX = Math.max(maxX, p[k]);
                minY = Math.min(minY, p[k + 1]);
                maxY = Math.max(maxY, p[k + 1]);
            }
            boolean big = (long) (maxX - minX) * (maxY - minY) > BIG_POLYGON_AREA;
            for (int ty = minY / TILE; ty <= maxY / TILE; ty++) {
                for (int tx = minX / TILE; tx <= maxX / TILE; tx++) {
                    allTiles.computeIfAbsent(ty, k -> new LinkedHashMap<>()).computeIfAbsent(tx, k -> new IntList()).add(i);
                    if (big) {
                        bigTiles.computeIfAbsent(ty, k -> new LinkedHashMap<>()).computeIfAbsent(tx, k -> new IntList()).add(i);
                    }
                }
            }
            if (!big) {
                for (int cy = minY / 32; cy <= maxY / 32; cy++) {
                    for (int cx = minX / 32; cx <= maxX / 32; cx++) {
                        d32.add(cx, cy, POLYGON_DENSITY);
                    }
                }
            }
        }
        lookupTables(zip, d32);

        zip.add("polygon_container/tile_polygons_i.msgpack.br", Brotli.compress(tileIndex(allTiles)));
        zip.add("polygon_container/big_tile_polygons_i.msgpack.br", Brotli.compress(tileIndex(bigTiles)));
        zip.add("polygon_container/encoded_polygons.bin.br", Brotli.compress(PolygonBinary.encode(polygons)));
        List<int[]> simplified = new ArrayList<>(polygons.size());
        for (int[] p : polygons) {
            simplified.add(Simplify.simplify(p, SIMPLIFY_TOLERANCE));
        }
        zip.add("polygon_container/simpl_encoded_polygons.bin.br", Brotli.compress(PolygonBinary.encode(simplified)));
        zip.add("polygon_container/negative_polygons.json", pretty(negatives));
        ArrayNode labels = labels(value, shapes.size(), firstPolygonOfShape);
        if (labels != null && !labels.isEmpty()) {
            zip.add("labels.json", pretty(labels));
        }
        return new Encoded(zip.finish(), "polygons", polygons.size());
    }

    /**
     * The {@code labels} of the shapes, each with {@code polygon_i} (the shape's polygon; a brush's first positive
     * one), or null when no shape has labels.
     */
    private static ArrayNode labels(String value, int shapes, int[] firstPolygonOfShape) {
        if (!value.contains("\"labels\"")) {
            return null;
        }
        JsonNode array;
        try {
            array = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new Anno2ConversionException("the stored answer is not valid JSON");
        }
        ArrayNode out = JSON.createArrayNode();
        for (int s = 0; s < shapes && s < array.size(); s++) {
            JsonNode l = array.get(s).get("labels");
            if (l == null || !l.isArray()) {
                continue;
            }
            for (JsonNode label : l) {
                if (label.isObject()) {
                    ObjectNode copy = ((ObjectNode) label).deepCopy();
                    copy.put("polygon_i", firstPolygonOfShape[s]);
                    out.add(copy);
                }
            }
        }
        return out;
    }

    /** msgpack of {tile y: {tile x: typed array of uint32 polygon indexes}}, as the SDK's encoder writes it. */
    private static byte[] tileIndex(Map<Integer, Map<Integer, IntList>> tiles) {
        MsgPack m = new MsgPack().mapHeader(tiles.size());
        tiles.forEach((ty, row) -> {
            m.integer(ty).mapHeader(row.size());
            row.forEach((tx, list) -> {
                m.integer(tx);
                byte[] b = new byte[list.size * 4];
                for (int i = 0; i < list.size; i++) {
                    int v = list.values[i];
                    b[4 * i] = (byte) v;
                    b[4 * i + 1] = (byte) (v >>> 8);
                    b[4 * i + 2] = (byte) (v >>> 16);
                    b[4 * i + 3] = (byte) (v >>> 24);
                }
                m.mapHeader(4).string("isTypedArray").bool(true).string("bytes").binary(b)
                        .string("type").string("uint32").string("len").integer(list.size);
            });
        });
        return m.toBytes();
    }

    // ---- heatmap -----------------------------------------------------------------------------------------------

    private static Encoded heatmap(Shape.Heatmap h, byte[] user) {
        List<int[]> rows = h.data();
        int width = 0;
        for (int[] r : rows) {
            width = Math.max(width, r.length);
        }
        if (width == 0) {
            throw new Anno2ConversionException("the heatmap has no values");
        }
        int height = rows.size();
        int items = Math.multiplyExact(width, height);
        StoredZip zip = metadata("heatmap", items, user);
        zip.add("heatmap.png", GrayPng.write(width, height, (y, row) -> {
            int[] values = rows.get(y);
            for (int x = 0; x < values.length; x++) {
                row[x] = (byte) values[x];
            }
        }));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("x", number(h.x()));
        meta.put("y", number(h.y()));
        meta.put("sizePerPixel", Math.max(1, Math.round(h.height() / height)));
        zip.add("heatmap_metadata.json", pretty(meta));
        return new Encoded(zip.finish(), "heatmap", items);
    }

    // ---- shared ------------------------------------------------------------------------------------------------

    private static StoredZip metadata(String type, int numItems, byte[] user) {
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("version", VERSION);
        system.put("type", type);
        system.put("numItems", numItems);
        return new StoredZip().add("system_metadata.json", pretty(system)).add("user_metadata.json", user);
    }

    /** Density maps of 32- and 256-pixel cells (the 256 one sums the 32 one), each scaled to 0..255. */
    private static void lookupTables(StoredZip zip, Density d32) {
        Density d256 = new Density(256);
        d32.cells.forEach((cy, row) -> row.forEach((cx, v) -> d256.add(cx / 8, cy / 8, v)));
        zip.add("lookup-tables/density_32px.png", d32.png());
        zip.add("lookup-tables/density_256px.png", d256.png());
    }

    private static int[] ring(List<Point> points, String where) {
        int[] flat = new int[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            flat[2 * i] = pixel(points.get(i).x(), where + " vertex " + (i + 1) + " x");
            flat[2 * i + 1] = pixel(points.get(i).y(), where + " vertex " + (i + 1) + " y");
        }
        return flat;
    }

    /** A coordinate as a whole, non-negative pixel. */
    static int pixel(double v, String where) {
        long r = Math.round(v);
        if (r < 0) {
            return 0;
        }
        if (r > Integer.MAX_VALUE) {
            throw new Anno2ConversionException(where + " (" + v + ") is beyond any slide");
        }
        return (int) r;
    }

    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    private static byte[] pretty(Object value) {
        try {
            return PRETTY.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts per cell of a square grid, sparse. */
    private static final class Density {
        final int cell;
        final TreeMap<Integer, TreeMap<Integer, Long>> cells = new TreeMap<>();

        Density(int cell) {
            this.cell = cell;
        }

        void add(int cx, int cy, long v) {
            cells.computeIfAbsent(cy, k -> new TreeMap<>()).merge(cx, v, Long::sum);
        }

        /** Greyscale PNG, one pixel per cell from (0, 0) to the largest cell, value / max × 255. */
        byte[] png() {
            long max = 0;
            int maxX = 0;
            for (TreeMap<Integer, Long> row : cells.values()) {
                maxX = Math.max(maxX, row.lastKey());
                for (long v : row.values()) {
                    max = Math.max(max, v);
                }
            }
            int height = cells.isEmpty() ? 1 : cells.lastKey() + 1;
            long top = max;
            return GrayPng.write(maxX + 1, height, (y, out) -> {
                TreeMap<Integer, Long> row = cells.get(y);
                if (row == null || top == 0) {
                    return;
                }
                row.forEach((x, v) -> out[x] = (byte) Math.round(v * 255.0 / top));
            });
        }
    }

    /** A growable int array. */
    private static final class IntList {
        int[] values = new int[4];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    private Anno2Encoder() {
    }
}
