package org.slidescore.tile.slide.tiff;

import java.io.IOException;

/** TIFF's LZW (compression 5): MSB-first codes of 9 to 12 bits, "early change", Clear 256, EOI 257. */
final class Lzw {
    private static final int CLEAR = 256;
    private static final int EOI = 257;

    private Lzw() {
    }

    /** Decodes up to {@code expected} bytes (a tile or strip); a stream that ends early leaves zeros. */
    static byte[] decode(byte[] in, int expected) throws IOException {
        byte[] out = new byte[expected];
        int[] prefix = new int[4096];
        byte[] suffix = new byte[4096];
        int[] length = new int[4096];
        byte[] first = new byte[4096];
        for (int i = 0; i < 256; i++) {
            prefix[i] = -1;
            suffix[i] = (byte) i;
            length[i] = 1;
            first[i] = (byte) i;
        }
        int next = 258;
        int width = 9;
        int old = -1;
        int op = 0;
        long bitBuf = 0;
        int bits = 0;
        int ip = 0;
        while (op < expected) {
            while (bits < width) {
                if (ip >= in.length) {
                    return out;
                }
                bitBuf = (bitBuf << 8) | (in[ip++] & 0xff);
                bits += 8;
            }
            int code = (int) ((bitBuf >>> (bits - width)) & ((1 << width) - 1));
            bits -= width;
            if (code == EOI) {
                break;
            }
            if (code == CLEAR) {
                next = 258;
                width = 9;
                old = -1;
                continue;
            }
            int entry;
            if (old == -1) {
                if (code > 255) {
                    throw new IOException("corrupt LZW data: code " + code + " after a clear code");
                }
                entry = code;
            } else if (code < next) {
                entry = code;
                if (next < 4096) {
                    add(prefix, suffix, length, first, next++, old, first[code]);
                }
            } else if (code == next && next < 4096) {
                add(prefix, suffix, length, first, next++, old, first[old]);
                entry = code;
            } else {
                throw new IOException("corrupt LZW data: code " + code + " beyond the table (" + next + ")");
            }
            op = write(entry, prefix, suffix, length, out, op);
            old = code;
            if (next + 1 >= (1 << width) && width < 12) {
                width++;
            }
        }
        return out;
    }

    private static void add(int[] prefix, byte[] suffix, int[] length, byte[] first, int at, int old, byte last) {
        prefix[at] = old;
        suffix[at] = last;
        length[at] = length[old] + 1;
        first[at] = first[old];
    }

    private static int write(int code, int[] prefix, byte[] suffix, int[] length, byte[] out, int op) {
        int len = length[code];
        int end = op + len;
        int c = code;
        for (int i = end - 1; i >= op; i--) {
            if (i < out.length) {
                out[i] = suffix[c];
            }
            c = prefix[c];
        }
        return Math.min(end, out.length);
    }
}
