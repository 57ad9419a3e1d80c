package org.slidescore.scoring.asap;

import org.slidescore.scoring.annotation.Point;
import org.slidescore.scoring.annotation.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps between ASAP annotations and Slide Score answer geometry. Both directions agree on the kinds ASAP has:
 * {@code Polygon} ⇄ polygon, {@code Rectangle} ⇄ rect, {@code Spline} ⇄ polyline, {@code Dot} ⇄ one AnnoPoints point,
 * {@code PointSet} ⇄ several AnnoPoints points, so upload → export → upload keeps the geometry. Shapes ASAP cannot
 * express are exported approximately: an ellipse as a 64-vertex polygon, a brush as its positive outlines (holes are
 * lost); heatmaps are left out.
 */
public final class AsapConversion {
    static final int ELLIPSE_VERTICES = 64;

    /** Whether the annotation is points (AnnoPoints) rather than shapes (AnnoShapes). */
    public static boolean isPoints(AsapAnnotation a) {
        return a.type().equals("Dot") || a.type().equals("PointSet");
    }

    /** The shape an ASAP Polygon, Rectangle or Spline stands for. */
    public static Shape toShape(AsapAnnotation a) {
        List<Point> c = a.coordinates();
        return switch (a.type()) {
            case "Polygon" -> new Shape.Polygon(c);
            case "Spline" -> new Shape.Polyline(c);
            case "Rectangle" -> {
                double minX = Double.POSITIVE_INFINITY;
                double minY = Double.POSITIVE_INFINITY;
                double maxX = Double.NEGATIVE_INFINITY;
                double maxY = Double.NEGATIVE_INFINITY;
                for (Point p : c) {
                    minX = Math.min(minX, p.x());
                    minY = Math.min(minY, p.y());
                    maxX = Math.max(maxX, p.x());
                    maxY = Math.max(maxY, p.y());
                }
                yield new Shape.Rect(new Point(minX, minY), new Point(maxX - minX, maxY - minY));
            }
            default -> throw new IllegalArgumentException(a.type() + " is not a shape");
        };
    }

    /** ASAP annotations for the shapes of one answer; names continue from {@code firstIndex}. */
    public static List<AsapAnnotation> fromShapes(List<Shape> shapes, String group, String colour, int firstIndex) {
        List<AsapAnnotation> out = new ArrayList<>();
        int i = firstIndex;
        for (Shape s : shapes) {
            if (s instanceof Shape.Polygon p) {
                out.add(new AsapAnnotation(name(i++), "Polygon", group, colour, p.points()));
            } else if (s instanceof Shape.Polyline p) {
                out.add(new AsapAnnotation(name(i++), "Spline", group, colour, p.points()));
            } else if (s instanceof Shape.Rect r) {
                double x = r.corner().x();
                double y = r.corner().y();
                double w = r.size().x();
                double h = r.size().y();
                out.add(new AsapAnnotation(name(i++), "Rectangle", group, colour, List.of(new Point(x, y),
                        new Point(x + w, y), new Point(x + w, y + h), new Point(x, y + h))));
            } else if (s instanceof Shape.Ellipse e) {
                List<Point> ring = new ArrayList<>(ELLIPSE_VERTICES);
                for (int k = 0; k < ELLIPSE_VERTICES; k++) {
                    double t = 2 * Math.PI * k / ELLIPSE_VERTICES;
                    ring.add(new Point(round2(e.center().x() + e.size().x() * Math.cos(t)),
                            round2(e.center().y() + e.size().y() * Math.sin(t))));
                }
                out.add(new AsapAnnotation(name(i++), "Polygon", group, colour, ring));
            } else if (s instanceof Shape.Brush b) {
                for (List<Point> ring : b.positivePolygons()) {
                    out.add(new AsapAnnotation(name(i++), "Polygon", group, colour, ring));
                }
            }
            // Heatmaps have no ASAP form.
        }
        return out;
    }

    /** One {@code Dot} per point when there is a single point, else one {@code PointSet}. */
    public static List<AsapAnnotation> fromPoints(List<Point> points, String group, String colour, int firstIndex) {
        if (points.isEmpty()) {
            return List.of();
        }
        return List.of(new AsapAnnotation(name(firstIndex), points.size() == 1 ? "Dot" : "PointSet", group, colour,
                points));
    }

    private static String name(int i) {
        return "Annotation " + i;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private AsapConversion() {
    }
}
