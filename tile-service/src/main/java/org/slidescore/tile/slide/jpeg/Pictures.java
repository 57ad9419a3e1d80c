package org.slidescore.tile.slide.jpeg;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Small pixel operations on {@code TYPE_INT_RGB} pictures. */
public final class Pictures {
    private Pictures() {
    }

    public static BufferedImage toIntRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    public static int[] pixels(BufferedImage intRgb) {
        return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
    }

    /** A {@code TYPE_INT_RGB} picture of the given size filled with one colour. */
    public static BufferedImage filled(int width, int height, int rgb) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (rgb != 0) {
            java.util.Arrays.fill(pixels(img), rgb);
        }
        return img;
    }

    /** The top-left {@code width x height} part, copied (so the result owns its pixels). */
    public static BufferedImage crop(BufferedImage src, int x, int y, int width, int height) {
        BufferedImage s = toIntRgb(src);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] sp = pixels(s);
        int[] dp = pixels(out);
        int sw = s.getWidth();
        for (int r = 0; r < height; r++) {
            System.arraycopy(sp, (y + r) * sw + x, dp, r * width, width);
        }
        return out;
    }

    /**
     * Area-average resampling to a smaller (or equal) size: each output pixel is the mean of the source pixels it
     * covers, fractional coverage weighted. The reference filter for pyramid levels.
     */
    public static BufferedImage downscale(BufferedImage src, int width, int height) {
        BufferedImage s = toIntRgb(src);
        int sw = s.getWidth();
        int sh = s.getHeight();
        if (sw == width && sh == height) {
            return s;
        }
        if (width > sw || height > sh) {
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(s, 0, 0, width, height, null);
            g.dispose();
            return out;
        }
        int[] sp = pixels(s);
        // horizontal pass into float rows
        float[] tmp = new float[width * sh * 3];
        double fx = sw / (double) width;
        for (int x = 0; x < width; x++) {
            double a = x * fx;
            double b = a + fx;
            int i0 = (int) Math.floor(a);
            int i1 = Math.min(sw, (int) Math.ceil(b));
            for (int y = 0; y < sh; y++) {
                double r = 0, g = 0, bl = 0;
                int row = y * sw;
                for (int i = i0; i < i1; i++) {
                    double wgt = Math.min(b, i + 1) - Math.max(a, i);
                    int p = sp[row + i];
                    r += wgt * ((p >> 16) & 255);
                    g += wgt * ((p >> 8) & 255);
                    bl += wgt * (p & 255);
                }
                int o = (y * width + x) * 3;
                tmp[o] = (float) (r / fx);
                tmp[o + 1] = (float) (g / fx);
                tmp[o + 2] = (float) (bl / fx);
            }
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] dp = pixels(out);
        double fy = sh / (double) height;
        for (int y = 0; y < height; y++) {
            double a = y * fy;
            double b = a + fy;
            int j0 = (int) Math.floor(a);
            int j1 = Math.min(sh, (int) Math.ceil(b));
            for (int x = 0; x < width; x++) {
                double r = 0, g = 0, bl = 0;
                for (int j = j0; j < j1; j++) {
                    double wgt = Math.min(b, j + 1) - Math.max(a, j);
                    int o = (j * width + x) * 3;
                    r += wgt * tmp[o];
                    g += wgt * tmp[o + 1];
                    bl += wgt * tmp[o + 2];
                }
                dp[y * width + x] = clamp(r / fy) << 16 | clamp(g / fy) << 8 | clamp(bl / fy);
            }
        }
        return out;
    }

    private static int clamp(double v) {
        int i = (int) Math.round(v);
        return i < 0 ? 0 : Math.min(255, i);
    }
}
