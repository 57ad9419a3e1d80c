package org.slidescore.scoring.annotation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slidescore.scoring.domain.InvalidAnswerException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the JSON values of annotation answers (contract §4.2): AnnoPoints {@code [{"x":..,"y":..},…]} and
 * AnnoShapes {@code [{"type":"polygon"|"polyline"|"rect"|"ellipse"|"brush"|"heatmap",…},…]}. Reading validates the
 * shape of every element and says which element is wrong; extra keys ({@code labels}, {@code modifiedOn}, …) are
 * allowed because clients send them.
 */
public final class AnnotationJson {
    /** The longest answer value accepted, in characters. */
    public static final int MAX_LENGTH = 64 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_LENGTH).maxNestingDepth(32).build());
    }

    public static final List<String> SHAPE_TYPES = List.of("polygon", "polyline", "rect", "ellipse", "brush", "heatmap");

    /** The points of an AnnoPoints value. */
    public static List<Point> readPoints(String json) {
        ArrayNode array = readArray(json);
        List<Point> points = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            points.add(point(array.get(i), "point " + (i + 1)));
        }
        return points;
    }

    /** The shapes of an AnnoShapes value. */
    public static List<Shape> readShapes(String json) {
        ArrayNode array = readArray(json);
        List<Shape> shapes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            shapes.add(shape(array.get(i), "shape " + (i + 1)));
        }
        return shapes;
    }

    public static String writePoints(List<Point> points) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        points.forEach(p -> array.add(pointNode(p)));
        return array.toString();
    }

    public static String writeShapes(List<Shape> shapes) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Shape shape : shapes) {
            ObjectNode o = array.addObject();
            if (shape instanceof Shape.Polygon p) {
                o.put("type", "polygon");
                o.set("points", pointsNode(p.points()));
            } else if (shape instanceof Shape.Polyline p) {
                o.put("type", "polyline");
                o.set("points", pointsNode(p.points()));
            } else if (shape instanceof Shape.Rect r) {
                o.put("type", "rect");
                o.set("corner", pointNode(r.corner()));
                o.set("size", pointNode(r.size()));
            } else if (shape instanceof Shape.Ellipse e) {
                o.put("type", "ellipse");
                o.set("center", pointNode(e.center()));
                o.set("size", pointNode(e.size()));
            } else if (shape instanceof Shape.Brush b) {
                o.put("type", "brush");
                ArrayNode pos = o.putArray("positivePolygons");
                b.positivePolygons().forEach(ring -> pos.add(pointsNode(ring)));
                ArrayNode neg = o.putArray("negativePolygons");
                b.negativePolygons().forEach(ring -> neg.add(pointsNode(ring)));
            } else if (shape instanceof Shape.Heatmap h) {
                o.put("type", "heatmap");
                o.put("x", number(h.x()));
                o.put("y", number(h.y()));
                o.put("height", number(h.height()));
                ArrayNode data = o.putArray("data");
                for (int[] row : h.data()) {
                    ArrayNode r = data.addArray();
                    for (int v : row) {
                        r.add(v);
                    }
                }
            }
        }
        return array.toString();
    }

    private static ArrayNode readArray(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidAnswerException("empty annotation, expected a JSON array");
        }
        if (json.length() > MAX_LENGTH) {
            throw new InvalidAnswerException("annotation longer than " + MAX_LENGTH + " characters");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidAnswerException("annotation is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()));
        }
        if (!(node instanceof ArrayNode array)) {
            throw new InvalidAnswerException("annotation must be a JSON array, found " + kind(node));
        }
        return array;
    }

    private static Shape shape(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidAnswerException(where + " must be an object, found " + kind(node));
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidAnswerException(where + " has no \"type\" (one of " + String.join(", ", SHAPE_TYPES) + ")");
        }
        String t = type.asText();
        return switch (t) {
            case "polygon" -> new Shape.Polygon(points(node.get("points"), where + " (polygon) points", 3));
            case "polyline" -> new Shape.Polyline(points(node.get("points"), where + " (polyline) points", 2));
            case "rect" -> new Shape.Rect(point(node.get("corner"), where + " (rect) corner"),
                    size(node.get("size"), where + " (rect) size"));
            case "ellipse" -> new Shape.Ellipse(point(node.get("center"), where + " (ellipse) center"),
                    size(node.get("size"), where + " (ellipse) size"));
            case "brush" -> brush(node, where + " (brush)");
            case "heatmap" -> heatmap(node, where + " (heatmap)");
            default -> throw new InvalidAnswerException(where + " has unknown type \"" + t + "\" (expected one of "
                    + String.join(", ", SHAPE_TYPES) + ")");
        };
    }

    private static Shape.Brush brush(JsonNode node, String where) {
        JsonNode pos = node.get("positivePolygons");
        if (pos == null || !pos.isArray()) {
            throw new InvalidAnswerException(where + " needs a \"positivePolygons\" array");
        }
        JsonNode neg = node.get("negativePolygons");
        if (neg != null && !neg.isNull() && !neg.isArray()) {
            throw new InvalidAnswerException(where + " \"negativePolygons\" must be an array");
        }
        List<List<Point>> positive = new ArrayList<>();
        for (int i = 0; i < pos.size(); i++) {
            positive.add(points(pos.get(i), where + " positive polygon " + (i + 1), 3));
        }
        List<List<Point>> negative = new ArrayList<>();
        if (neg != null && neg.isArray()) {
            for (int i = 0; i < neg.size(); i++) {
                negative.add(points(neg.get(i), where + " negative polygon " + (i + 1), 3));
            }
        }
        return new Shape.Brush(positive, negative);
    }

    private static Shape.Heatmap heatmap(JsonNode node, String where) {
        double x = coordinate(node.get("x"), where + " x");
        double y = coordinate(node.get("y"), where + " y");
        double height = coordinate(node.get("height"), where + " height");
        if (height <= 0) {
            throw new InvalidAnswerException(where + " height must be positive");
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw new InvalidAnswerException(where + " needs a non-empty \"data\" array of rows");
        }
        List<int[]> rows = new ArrayList<>(data.size());
        for (int r = 0; r < data.size(); r++) {
            JsonNode row = data.get(r);
            if (!row.isArray()) {
                throw new InvalidAnswerException(where + " data row " + (r + 1) + " must be an array");
            }
            int[] values = new int[row.size()];
            for (int c = 0; c < row.size(); c++) {
                JsonNode v = row.get(c);
                if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 255) {
                    throw new InvalidAnswerException(where + " data row " + (r + 1) + " value " + (c + 1)
                            + " must be an integer 0..255, found " + v);
                }
                values[c] = v.asInt();
            }
            rows.add(values);
        }
        return new Shape.Heatmap(x, y, height, rows);
    }

    private static List<Point> points(JsonNode node, String where, int minimum) {
        if (node == null || !node.isArray()) {
            throw new InvalidAnswerException(where + " must be an array of {\"x\",\"y\"}");
        }
        if (node.size() < minimum) {
            throw new InvalidAnswerException(where + " needs at least " + minimum + " points, found " + node.size());
        }
        List<Point> points = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            points.add(point(node.get(i), where + " " + (i + 1)));
        }
        return points;
    }

    private static Point size(JsonNode node, String where) {
        Point p = point(node, where);
        if (p.x() < 0 || p.y() < 0) {
            throw new InvalidAnswerException(where + " must not be negative");
        }
        return p;
    }

    private static Point point(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidAnswerException(where + " must be an object {\"x\":number,\"y\":number}, found "
                    + kind(node));
        }
        return new Point(coordinate(node.get("x"), where + " x"), coordinate(node.get("y"), where + " y"));
    }

    private static double coordinate(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            throw new InvalidAnswerException(where + " is missing");
        }
        double v;
        if (node.isNumber()) {
            v = node.asDouble();
        } else if (node.isTextual()) {
            try {
                v = Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                throw new InvalidAnswerException(where + " is not a number: \"" + node.asText() + "\"");
            }
        } else {
            throw new InvalidAnswerException(where + " must be a number, found " + kind(node));
        }
        if (!Double.isFinite(v)) {
            throw new InvalidAnswerException(where + " must be a finite number");
        }
        return v;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static ArrayNode pointsNode(List<Point> points) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        points.forEach(p -> a.add(pointNode(p)));
        return a;
    }

    private static ObjectNode pointNode(Point p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("x", number(p.x()));
        o.put("y", number(p.y()));
        return o;
    }

    /** Whole numbers without a fraction, others in plain decimal notation. */
    static BigDecimal number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    private AnnotationJson() {
    }
}
