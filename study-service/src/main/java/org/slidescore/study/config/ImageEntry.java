package org.slidescore.study.config;

/**
 * One line of a {@code *.images} file.
 *
 * @param path     the slide, relative to the images root ({@code /} separators)
 * @param tmaMap   the TMA map's name or file, or null
 * @param rotation degrees in [0, 360), or null
 * @param newName  the image's name instead of the file name, or null
 */
public record ImageEntry(String path, String tmaMap, Integer rotation, String newName) {
}
