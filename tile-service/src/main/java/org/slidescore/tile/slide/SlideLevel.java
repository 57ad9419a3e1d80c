package org.slidescore.tile.slide;

/**
 * One native pyramid level of a slide file.
 *
 * @param downsample level-0 width divided by this level's width (not always a power of two: floored level sizes give
 *                   e.g. 32.05 for a 312 px level of a 10000 px slide)
 */
public record SlideLevel(long width, long height, int tileWidth, int tileHeight, double downsample) {

    public long columns() {
        return (width + tileWidth - 1) / tileWidth;
    }

    public long rows() {
        return (height + tileHeight - 1) / tileHeight;
    }
}
