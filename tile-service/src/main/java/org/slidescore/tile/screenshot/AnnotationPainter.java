package org.slidescore.tile.screenshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * Draws AnnoShapes/AnnoPoints answers (level-0 coordinates) onto a screenshot of the rectangle starting at
 * {@code (x0, y0)} scaled down by {@code scale}: polygons, polylines, rectangles, ellipses (size = radii), brush
 * strokes (positive minus negative polygons) and points; in each answer's question colour.
 */
public final class AnnotationPainter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Color DEFAULT = new Color(0x00, 0xC8, 0x00);

    private final Graphics2D g;
    private final double x0;
    private final double y0;
    private final double scale;
    private int drawn;

    public AnnotationPainter(Graphics2D g, double x0, double y0, double scale) {
        this.g = g;
        this.x0 = x0;
        this.y0 = y0;
        this.scale = scale;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2f));
    }

    /** How many shapes were drawn. */
    public int drawn() {
        return drawn;
    }

    /** Draws every answer of scoring-service's annotation list (see {@link ScoringClient}). */
    public void drawAnswers(JsonNode answers) {
        if (answers == null) {
            return;
        }
        if (answers.has("annotations")) {
            answers = answers.get("annotations");
        }
        if (!answers.isArray()) {
            return;
        }
        for (JsonNode a : answers) {
            Color c = colour(text(a, "color", text(a, "colour", null)));
            JsonNode shapes = a.has("shapes") ? a.get("shapes") : a.has("value") ? a.get("value") : a.get("answer");
            if (shapes != null && shapes.isTextual()) {
                try {
                    shapes = JSON.readTree(shapes.asText());
                } catch (Exception e) {
                    continue;
                }
            }
            drawShapes(shapes, c);
        }
    }

    public void drawShapes(JsonNode shapes, Color colour) {
        if (shapes == null || !shapes.isArray()) {
            return;
        }
        g.setColor(colour);
        for (JsonNode s : shapes) {
            String type = text(s, "type", s.has("x") && s.has("y") ? "point" : "");
            switch (type) {
                case "polygon", "points" -> stroke(path(s.get("points"), true));
                case "polyline" -> stroke(path(s.get("points"), false));
                case "rect" -> {
                    JsonNode corner = s.get("corner");
                    JsonNode size = s.get("size");
                    if (corner != null && size != null) {
                        stroke(new Rectangle2D.Double(px(corner.path("x").asDouble()), py(corner.path("y").asDouble()),
                                size.path("x").asDouble() / scale, size.path("y").asDouble() / scale));
                    }
                }
                case "ellipse" -> {
                    JsonNode center = s.get("center");
                    JsonNode size = s.get("size");
                    if (center != null && size != null) {
                        double rx = size.path("x").asDouble() / scale;
                        double ry = size.path("y").asDouble() / scale;
                        stroke(new Ellipse2D.Double(px(center.path("x").asDouble()) - rx,
                                py(center.path("y").asDouble()) - ry, 2 * rx, 2 * ry));
                    }
                }
                case "brush" -> {
                    Area area = new Area();
                    for (JsonNode p : iterable(s.get("positivePolygons"))) {
                        area.add(new Area(path(p, true)));
                    }
                    for (JsonNode p : iterable(s.get("negativePolygons"))) {
                        area.subtract(new Area(path(p, true)));
                    }
                    Color c = g.getColor();
                    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
                    g.fill(area);
                    g.setColor(c);
                    stroke(area);
                }
                case "point" -> {
                    double x = px(s.path("x").asDouble());
                    double y = py(s.path("y").asDouble());
                    g.fill(new Ellipse2D.Double(x - 4, y - 4, 8, 8));
                    drawn++;
                }
                default -> {
                }
            }
        }
    }

    private void stroke(java.awt.Shape shape) {
        g.draw(shape);
        drawn++;
    }

    private Path2D path(JsonNode points, boolean close) {
        Path2D.Double p = new Path2D.Double();
        boolean first = true;
        for (JsonNode pt : iterable(points)) {
            double x = px(pt.path("x").asDouble());
            double y = py(pt.path("y").asDouble());
            if (first) {
                p.moveTo(x, y);
                first = false;
            } else {
                p.lineTo(x, y);
            }
        }
        if (close && !first) {
            p.closePath();
        }
        return p;
    }

    private static Iterable<JsonNode> iterable(JsonNode n) {
        return n == null || !n.isArray() ? java.util.List.of() : n;
    }

    private double px(double x) {
        return (x - x0) / scale;
    }

    private double py(double y) {
        return (y - y0) / scale;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? fallback : v.asText();
    }

    static Color colour(String s) {
        if (s != null && s.matches("#?[0-9a-fA-F]{6}")) {
            return new Color(Integer.parseInt(s.replace("#", ""), 16));
        }
        return DEFAULT;
    }
}
