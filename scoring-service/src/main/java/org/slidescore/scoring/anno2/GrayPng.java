package org.slidescore.scoring.anno2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Writes 8-bit greyscale PNG images (colour type 0, no interlace), row by row. */
final class GrayPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Supplies row {@code y} (exactly {@code width} values 0..255) into {@code row}. */
    interface Rows {
        void fill(int y, byte[] row);
    }

    static byte[] write(int width, int height, Rows rows) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a PNG needs at least one pixel, got " + width + "x" + height);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // greyscale
        chunk(png, "IHDR", ihdr, ihdr.length);

        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            byte[] line = new byte[width + 1]; // filter byte 0 (none) then the row
            byte[] row = new byte[width];
            byte[] buf = new byte[64 * 1024];
            for (int y = 0; y < height; y++) {
                java.util.Arrays.fill(row, (byte) 0);
                rows.fill(y, row);
                System.arraycopy(row, 0, line, 1, width);
                deflater.setInput(line);
                while (!deflater.needsInput()) {
                    int n = deflater.deflate(buf);
                    idat.write(buf, 0, n);
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                idat.write(buf, 0, n);
            }
            byte[] data = idat.toByteArray();
            chunk(png, "IDAT", data, data.length);
        } finally {
            deflater.end();
        }
        chunk(png, "IEND", new byte[0], 0);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data, int length) {
        byte[] len = new byte[4];
        putInt(len, 0, length);
        png.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        png.writeBytes(t);
        png.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        png.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private GrayPng() {
    }
}
