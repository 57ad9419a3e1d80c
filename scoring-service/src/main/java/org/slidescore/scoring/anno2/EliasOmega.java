package org.slidescore.scoring.anno2;

import java.io.ByteArrayOutputStream;

/**
 * Elias omega codes of whole numbers, written most significant bit first and padded with zero bits to whole bytes
 * (the layout of the anno2 polygon binary). A number n ≥ 1 is written as the groups that give its length, its length's
 * length, ... down to 2, then n itself, then a single 0 bit; 1 is just the 0 bit. Signed numbers are first mapped to
 * positive ones: 0, 1, -1, 2, -2, … → 1, 2, 3, 4, 5, ….
 */
final class EliasOmega {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int used;
    private final long[] groups = new long[8];

    /** Writes {@code n} (≥ 1). */
    void writeNatural(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("omega codes start at 1, got " + n);
        }
        int count = 0;
        long v = n;
        while (v > 1) {
            groups[count++] = v;
            v = 63 - Long.numberOfLeadingZeros(v); // bit length - 1
        }
        for (int i = count - 1; i >= 0; i--) {
            long g = groups[i];
            int bits = 64 - Long.numberOfLeadingZeros(g);
            for (int b = bits - 1; b >= 0; b--) {
                bit((int) ((g >>> b) & 1));
            }
        }
        bit(0);
    }

    /** Writes a signed number through the mapping 0 → 1, k → 2k, -k → 2k + 1. */
    void writeInteger(long n) {
        writeNatural(Math.abs(2 * n) + (n <= 0 ? 1 : 0));
    }

    private void bit(int b) {
        current = (current << 1) | b;
        if (++used == 8) {
            out.write(current);
            current = 0;
            used = 0;
        }
    }

    /** The bytes written so far, the last one padded with zero bits. */
    byte[] toBytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream(out.size() + 1);
        copy.writeBytes(out.toByteArray());
        if (used > 0) {
            copy.write(current << (8 - used));
        }
        return copy.toByteArray();
    }
}
