package org.slidescore.tile.deepzoom;

/**
 * One level of the Deep Zoom pyramid every Slide Score client computes: {@code maxLevel = ceil(log2(max(w, h)))},
 * level {@code L} is the level-0 image scaled by {@code 2^(maxLevel - L)} with sizes rounded up, tiles of
 * {@code tileSize} with overlap 0, edge tiles smaller. Level 0 is 1x1.
 */
public record DeepZoomLevel(int level, int maxLevel, long width, long height, int tileSize) {

    /** ceil(log2(max(width, height))); 0 for a 1x1 image. */
    public static int maxLevel(long width, long height) {
        long m = Math.max(width, height);
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive");
        }
        return m == 1 ? 0 : 64 - Long.numberOfLeadingZeros(m - 1);
    }

    /** Level {@code level} of an image of {@code width x height} at level 0; out of range → IllegalArgumentException. */
    public static DeepZoomLevel of(long width, long height, int tileSize, int level) {
        int max = maxLevel(width, height);
        if (level < 0 || level > max) {
            throw new IllegalArgumentException("Deep Zoom level " + level + " does not exist; levels go from 0 to " + max);
        }
        int shift = max - level;
        return new DeepZoomLevel(level, max, ceilShift(width, shift), ceilShift(height, shift), tileSize);
    }

    private static long ceilShift(long v, int shift) {
        return shift >= 63 ? 1 : Math.max(1, (v + (1L << shift) - 1) >> shift);
    }

    /** 2^(maxLevel - level): level-0 pixels per pixel of this level. */
    public long scale() {
        return 1L << (maxLevel - level);
    }

    public long columns() {
        return (width + tileSize - 1) / tileSize;
    }

    public long rows() {
        return (height + tileSize - 1) / tileSize;
    }

    public boolean hasTile(long column, long row) {
        return column >= 0 && row >= 0 && column < columns() && row < rows();
    }

    /** Width of tile column {@code column} (the last column may be narrower). */
    public int tileWidth(long column) {
        return (int) Math.min(tileSize, width - column * tileSize);
    }

    public int tileHeight(long row) {
        return (int) Math.min(tileSize, height - row * tileSize);
    }
}
