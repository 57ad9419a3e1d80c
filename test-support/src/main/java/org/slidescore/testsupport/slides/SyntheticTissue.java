package org.slidescore.testsupport.slides;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * A deterministic H&E-like picture (off-white glass, pink stroma, purple nuclei) computed per pixel, so tests can
 * compare what a server renders with a reference computed from the same function.
 */
public final class SyntheticTissue {
    public static final int GLASS = 0xF2F0F4;

    private SyntheticTissue() {
    }

    /** The level-0 pixel at (x, y) as 0xRRGGBB. */
    public static int rgb(int x, int y) {
        double tissue = Math.sin(x / 310.0) + Math.cos(y / 270.0) + 0.6 * Math.sin((x + y) / 150.0);
        if (tissue < -0.4) {
            return GLASS;
        }
        // stroma: soft pink texture
        double t = 0.5 + 0.25 * Math.sin(x / 9.0 + Math.cos(y / 13.0)) + 0.25 * Math.cos(y / 7.0);
        int r = clamp(228 - (int) (40 * t));
        int g = clamp(150 - (int) (70 * t));
        int b = clamp(190 - (int) (30 * t));
        // nuclei: one round purple blob per 24 px cell, jittered by a hash of the cell
        int cx = Math.floorDiv(x, 24);
        int cy = Math.floorDiv(y, 24);
        int h = hash(cx, cy);
        if ((h & 7) < 3) {
            int nx = cx * 24 + 6 + ((h >>> 3) & 11);
            int ny = cy * 24 + 6 + ((h >>> 7) & 11);
            int dx = x - nx;
            int dy = y - ny;
            if (dx * dx + dy * dy < 30) {
                r = 100;
                g = 60;
                b = 140;
            }
        }
        return (r << 16) | (g << 8) | b;
    }

    /** A region of the level-0 picture. */
    public static BufferedImage region(int x0, int y0, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                px[y * width + x] = rgb(x0 + x, y0 + y);
            }
        }
        return img;
    }

    /** Halves a picture by averaging 2x2 blocks, dropping an odd last row or column (as vips and scanners do). */
    public static BufferedImage halve(BufferedImage src) {
        return reduce(src, 2);
    }

    /** Reduces by an integer factor with a box filter; sizes are floored. */
    public static BufferedImage reduce(BufferedImage src, int factor) {
        int w = Math.max(1, src.getWidth() / factor);
        int h = Math.max(1, src.getHeight() / factor);
        int sw = src.getWidth();
        int[] s = src.getRGB(0, 0, sw, src.getHeight(), null, 0, sw);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] d = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int n = factor * factor;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0, g = 0, b = 0;
                for (int j = 0; j < factor; j++) {
                    int row = Math.min(src.getHeight() - 1, y * factor + j) * sw;
                    for (int i = 0; i < factor; i++) {
                        int p = s[row + Math.min(sw - 1, x * factor + i)];
                        r += (p >> 16) & 255;
                        g += (p >> 8) & 255;
                        b += p & 255;
                    }
                }
                d[y * w + x] = ((r + n / 2) / n) << 16 | ((g + n / 2) / n) << 8 | ((b + n / 2) / n);
            }
        }
        return out;
    }

    private static int hash(int a, int b) {
        int h = a * 0x27d4eb2d ^ b * 0x165667b1;
        h ^= h >>> 15;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h & 0x7fffffff;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
