package org.slidescore.scoring.annotation;

/** A position in level-0 pixels. */
public record Point(double x, double y) {
}
