package org.slidescore.scoring.asap;

import org.slidescore.scoring.annotation.Point;

import java.util.List;

/**
 * One {@code <Annotation>} of an ASAP document: its name, type ({@code Polygon}, {@code Rectangle}, {@code Spline},
 * {@code Dot}, {@code PointSet}), group, colour ({@code #rrggbb}, lower case, or {@code null} when absent) and
 * coordinates in {@code Order}.
 */
public record AsapAnnotation(String name, String type, String group, String colour, List<Point> coordinates) {
    public AsapAnnotation {
        coordinates = List.copyOf(coordinates);
    }
}
