package org.slidescore.scoring.anno2;

import java.util.ArrayDeque;
import java.util.Arrays;

/** Douglas–Peucker simplification of a vertex list (flat x, y pairs), by distance to the kept segment. */
final class Simplify {

    /** The vertices that lie farther than {@code tolerance} pixels from the simplified outline, first and last kept. */
    static int[] simplify(int[] flat, double tolerance) {
        int n = flat.length / 2;
        if (n <= 2) {
            return collapse(flat.clone());
        }
        double sqTolerance = tolerance * tolerance;
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[n - 1] = true;
        ArrayDeque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {0, n - 1});
        while (!stack.isEmpty()) {
            int[] range = stack.pop();
            int first = range[0];
            int last = range[1];
            double max = 0;
            int index = -1;
            for (int i = first + 1; i < last; i++) {
                double d = squareSegmentDistance(flat, i, first, last);
                if (d > max) {
                    max = d;
                    index = i;
                }
            }
            if (index >= 0 && max > sqTolerance) {
                keep[index] = true;
                stack.push(new int[] {first, index});
                stack.push(new int[] {index, last});
            }
        }
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        int[] out = new int[kept * 2];
        int o = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                out[o++] = flat[2 * i];
                out[o++] = flat[2 * i + 1];
            }
        }
        return collapse(out);
    }

    /** Two equal vertices are one. */
    private static int[] collapse(int[] flat) {
        if (flat.length == 4 && flat[0] == flat[2] && flat[1] == flat[3]) {
            return Arrays.copyOf(flat, 2);
        }
        return flat;
    }

    private static double squareSegmentDistance(int[] f, int p, int a, int b) {
        double x = f[2 * a];
        double y = f[2 * a + 1];
        double dx = f[2 * b] - x;
        double dy = f[2 * b + 1] - y;
        double px = f[2 * p];
        double py = f[2 * p + 1];
        if (dx != 0 || dy != 0) {
            double t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
            if (t > 1) {
                x = f[2 * b];
                y = f[2 * b + 1];
            } else if (t > 0) {
                x += dx * t;
                y += dy * t;
            }
        }
        dx = px - x;
        dy = py - y;
        return dx * dx + dy * dy;
    }

    private Simplify() {
    }
}
