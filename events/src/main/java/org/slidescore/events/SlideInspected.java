package org.slidescore.events;

import java.util.List;

/**
 * What the tile service's slide reader found in a file. Key: {@link #path()}.
 *
 * @param readable whether any reader can serve its pixels; when false, {@link #error()} says why
 * @param format   the reader's name for the format (e.g. {@code generic-tiff}, {@code aperio-svs})
 */
public record SlideInspected(String path, boolean readable, String format, Long width, Long height,
                             Integer levelCount, List<Double> downsamples, Double mppX, Double mppY,
                             Double objectivePower, String error) implements SlideScoreEvent {
}
