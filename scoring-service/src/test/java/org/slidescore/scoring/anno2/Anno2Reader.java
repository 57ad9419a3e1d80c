package org.slidescore.scoring.anno2;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads anno2 zips in tests, written from the format description (not from the encoder): the stored members, Brotli
 * (brotli4j's native decoder), the polygon binary with its Elias omega codes, and the msgpack tile indexes.
 */
public final class Anno2Reader {

    /** The members of a zip by name, in order; every member must be stored (not deflated). */
    public static Map<String, byte[]> entries(byte[] zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName() + " is stored");
                out.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        assertTrue(!out.isEmpty(), "a zip with members");
        return out;
    }

    public static byte[] brotli(byte[] compressed) {
        Brotli4jLoader.ensureAvailability();
        try {
            DirectDecompress d = Decoder.decompress(compressed);
            assertEquals(DecoderJNI.Status.DONE, d.getResultStatus(), "a complete Brotli stream");
            return d.getDecompressedData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Omega codes read most significant bit first; trailing zero padding reads as 1s and is cut by {@code count}. */
    static List<Long> omega(byte[] bytes, boolean signed) {
        List<Long> out = new ArrayList<>();
        int total = bytes.length * 8;
        int pos = 0;
        while (pos < total) {
            long n = 1;
            while (true) {
                if (pos >= total) {
                    return out;
                }
                if (bit(bytes, pos) == 0) {
                    pos++;
                    break;
                }
                if (pos + n + 1 > total) {
                    return out;
                }
                long v = 0;
                for (int i = 0; i <= n; i++) {
                    v = (v << 1) | bit(bytes, pos + i);
                }
                pos += (int) n + 1;
                n = v;
            }
            out.add(signed ? (n % 2 == 0 ? n / 2 : -(n - 1) / 2) : n);
        }
        return out;
    }

    private static int bit(byte[] b, int pos) {
        return (b[pos / 8] >> (7 - pos % 8)) & 1;
    }

    /** The decoded polygon binary: header values and the polygons (flat x, y). */
    public record Polygons(int tileSize, int rows, int cols, List<int[]> polygons) {
    }

    public static Polygons polygons(byte[] bin) {
        ByteBuffer b = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
        int tile = b.getInt();
        int rows = b.getInt();
        int cols = b.getInt();
        int lengthsBytes = b.getInt();
        int[] lengths = new int[lengthsBytes / 4];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = b.getInt();
        }
        List<Long> xJumps = omega(block(b), true);
        List<Long> yJumps = omega(block(b), true);
        List<Long> runs = omega(block(b), false);
        byte[] remainders = block(b);
        assertEquals(0, b.remaining(), "nothing after the remainders");
        int points = remainders.length / 2;
        List<int[]> polygons = new ArrayList<>();
        int[] current = new int[lengths.length == 0 ? 0 : lengths[0]];
        int filled = 0;
        int polygon = 0;
        int r = 0;
        long tx = 0;
        long ty = 0;
        int jumps = Math.min(runs.size(), Math.min(xJumps.size(), yJumps.size()));
        for (int j = 0; j < jumps && r / 2 < points; j++) {
            tx += xJumps.get(j);
            ty += yJumps.get(j);
            for (long k = 0; k < runs.get(j) && r / 2 < points; k++) {
                current[filled++] = (int) (tx * tile + (remainders[r] & 0xff));
                current[filled++] = (int) (ty * tile + (remainders[r + 1] & 0xff));
                r += 2;
                while (polygon < lengths.length && filled == lengths[polygon]) {
                    polygons.add(current);
                    polygon++;
                    filled = 0;
                    current = new int[polygon < lengths.length ? lengths[polygon] : 0];
                }
            }
        }
        assertEquals(lengths.length, polygons.size(), "every polygon decoded");
        return new Polygons(tile, rows, cols, polygons);
    }

    private static byte[] block(ByteBuffer b) {
        int n = b.getInt();
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** A small msgpack reader: maps (as LinkedHashMap), whole numbers (Long), strings, binary (byte[]), booleans. */
    public static Object msgpack(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Object v = value(b);
        assertEquals(0, b.remaining(), "one msgpack value");
        return v;
    }

    private static Object value(ByteBuffer b) {
        int t = b.get() & 0xff;
        if (t <= 0x7f) {
            return (long) t;
        }
        if (t >= 0xe0) {
            return (long) (byte) t;
        }
        if ((t & 0xf0) == 0x80) {
            return map(b, t & 0x0f);
        }
        if ((t & 0xe0) == 0xa0) {
            return string(b, t & 0x1f);
        }
        return switch (t) {
            case 0xc2 -> false;
            case 0xc3 -> true;
            case 0xc4 -> bin(b, b.get() & 0xff);
            case 0xc5 -> bin(b, b.getShort() & 0xffff);
            case 0xc6 -> bin(b, b.getInt());
            case 0xcc -> (long) (b.get() & 0xff);
            case 0xcd -> (long) (b.getShort() & 0xffff);
            case 0xce -> b.getInt() & 0xffffffffL;
            case 0xcf -> b.getLong();
            case 0xd0 -> (long) b.get();
            case 0xd1 -> (long) b.getShort();
            case 0xd2 -> (long) b.getInt();
            case 0xd3 -> b.getLong();
            case 0xd9 -> string(b, b.get() & 0xff);
            case 0xda -> string(b, b.getShort() & 0xffff);
            case 0xde -> map(b, b.getShort() & 0xffff);
            case 0xdf -> map(b, b.getInt());
            default -> throw new AssertionError("unexpected msgpack type byte 0x" + Integer.toHexString(t));
        };
    }

    private static Map<Object, Object> map(ByteBuffer b, int n) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object k = value(b);
            m.put(k, value(b));
        }
        return m;
    }

    private static String string(ByteBuffer b, int n) {
        return new String(bin(b, n), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] bin(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    /** The uint32 values of a typed array written by the encoder ({@code isTypedArray}, {@code bytes}, {@code len}). */
    @SuppressWarnings("unchecked")
    public static int[] typedArray(Object o) {
        Map<Object, Object> m = (Map<Object, Object>) o;
        assertEquals(true, m.get("isTypedArray"));
        assertEquals("uint32", m.get("type"));
        byte[] bytes = (byte[]) m.get("bytes");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[bytes.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getInt();
        }
        assertEquals((long) out.length, m.get("len"));
        return out;
    }

    private Anno2Reader() {
    }
}
