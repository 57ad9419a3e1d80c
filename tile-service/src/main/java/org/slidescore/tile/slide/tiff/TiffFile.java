package org.slidescore.tile.slide.tiff;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A TIFF or BigTIFF file (either byte order) with its directories indexed once; pixel data is then read with
 * positional reads, so one instance serves any number of threads.
 */
public final class TiffFile implements Closeable {
    private static final int MAX_DIRECTORIES = 4096;
    private static final int MAX_ENTRIES = 4096;
    /** Tile/strip arrays beyond this many entries are refused (a 1M x 1M slide in 256 px tiles has 16M). */
    private static final long MAX_ARRAY_VALUES = 64L << 20;
    private static final long MAX_TEXT_BYTES = 64L << 20;

    private final FileChannel channel;
    private final long size;
    private final boolean bigTiff;
    private final ByteOrder order;
    private final List<TiffDirectory> directories;

    private TiffFile(FileChannel channel, long size, boolean bigTiff, ByteOrder order) throws IOException {
        this.channel = channel;
        this.size = size;
        this.bigTiff = bigTiff;
        this.order = order;
        this.directories = List.copyOf(readDirectories());
    }

    /** Whether the first bytes are a TIFF or BigTIFF header. */
    public static boolean isTiff(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        boolean le = head[0] == 'I' && head[1] == 'I';
        boolean be = head[0] == 'M' && head[1] == 'M';
        if (!le && !be) {
            return false;
        }
        int magic = le ? (head[2] & 0xff) | (head[3] & 0xff) << 8 : (head[2] & 0xff) << 8 | (head[3] & 0xff);
        return magic == 42 || magic == 43;
    }

    public static TiffFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(16);
            readFully(ch, head, 0);
            byte[] h = head.array();
            if (!isTiff(h)) {
                throw new IOException("not a TIFF file");
            }
            ByteOrder order = h[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            head.order(order);
            boolean big = head.getShort(2) == 43;
            return new TiffFile(ch, size, big, order);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public List<TiffDirectory> directories() {
        return directories;
    }

    public boolean bigTiff() {
        return bigTiff;
    }

    public long size() {
        return size;
    }

    /** Reads {@code length} bytes at {@code offset}; refuses ranges outside the file. */
    public byte[] read(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE - 64 || offset + length > size) {
            throw new IOException("data range " + offset + "+" + length + " lies outside the file (" + size + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        readFully(channel, b, offset);
        return b.array();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private List<TiffDirectory> readDirectories() throws IOException {
        ByteBuffer head = buffer(16);
        readFully(channel, head, 0);
        long next = bigTiff ? head.getLong(8) : Integer.toUnsignedLong(head.getInt(4));
        List<TiffDirectory> result = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        while (next != 0) {
            if (!seen.add(next) || result.size() >= MAX_DIRECTORIES) {
                throw new IOException("the TIFF directory chain loops or is too long");
            }
            next = readDirectory(next, result.size(), result);
        }
        if (result.isEmpty()) {
            throw new IOException("the TIFF file has no image directory");
        }
        return result;
    }

    /** Parses the directory at {@code at}, adds it and returns the next directory's offset (0 = last). */
    private long readDirectory(long at, int index, List<TiffDirectory> out) throws IOException {
        int countSize = bigTiff ? 8 : 2;
        int entrySize = bigTiff ? 20 : 12;
        ByteBuffer cb = buffer(countSize);
        readChecked(cb, at);
        long count = bigTiff ? cb.getLong(0) : Short.toUnsignedInt(cb.getShort(0));
        if (count <= 0 || count > MAX_ENTRIES) {
            throw new IOException("TIFF directory " + index + " has " + count + " entries");
        }
        ByteBuffer eb = buffer((int) count * entrySize + (bigTiff ? 8 : 4));
        readChecked(eb, at + countSize);
        Fields f = new Fields();
        for (int i = 0; i < count; i++) {
            int p = i * entrySize;
            int tag = Short.toUnsignedInt(eb.getShort(p));
            int type = Short.toUnsignedInt(eb.getShort(p + 2));
            long n = bigTiff ? eb.getLong(p + 4) : Integer.toUnsignedLong(eb.getInt(p + 4));
            f.read(tag, type, n, eb, p + (bigTiff ? 12 : 8));
        }
        long next = bigTiff ? eb.getLong((int) count * entrySize) : Integer.toUnsignedLong(eb.getInt((int) count * entrySize));
        out.add(f.toDirectory(index));
        return next;
    }

    private final class Fields {
        long width, height, rowsPerStrip = Long.MAX_VALUE, newSubfileType;
        int tileWidth, tileHeight, compression = 1, photometric = -1, samples = 1, bits = 8, planar = 1, predictor = 1,
                resolutionUnit = 2;
        long[] tileOffsets, tileCounts, stripOffsets, stripCounts;
        String description, software;
        byte[] jpegTables;
        double xRes, yRes;

        void read(int tag, int type, long n, ByteBuffer entries, int valuePos) throws IOException {
            switch (tag) {
                case 254 -> newSubfileType = first(type, n, entries, valuePos);
                case 256 -> width = first(type, n, entries, valuePos);
                case 257 -> height = first(type, n, entries, valuePos);
                case 258 -> bits = (int) first(type, n, entries, valuePos);
                case 259 -> compression = (int) first(type, n, entries, valuePos);
                case 262 -> photometric = (int) first(type, n, entries, valuePos);
                case 270 -> description = text(type, n, entries, valuePos);
                case 273 -> stripOffsets = longs(type, n, entries, valuePos);
                case 277 -> samples = (int) first(type, n, entries, valuePos);
                case 278 -> rowsPerStrip = first(type, n, entries, valuePos);
                case 279 -> stripCounts = longs(type, n, entries, valuePos);
                case 282 -> xRes = rational(type, n, entries, valuePos);
                case 283 -> yRes = rational(type, n, entries, valuePos);
                case 284 -> planar = (int) first(type, n, entries, valuePos);
                case 296 -> resolutionUnit = (int) first(type, n, entries, valuePos);
                case 305 -> software = text(type, n, entries, valuePos);
                case 317 -> predictor = (int) first(type, n, entries, valuePos);
                case 322 -> tileWidth = (int) Math.min(first(type, n, entries, valuePos), 1 << 16);
                case 323 -> tileHeight = (int) Math.min(first(type, n, entries, valuePos), 1 << 16);
                case 324 -> tileOffsets = longs(type, n, entries, valuePos);
                case 325 -> tileCounts = longs(type, n, entries, valuePos);
                case 347 -> jpegTables = bytes(type, n, entries, valuePos);
                default -> {
                }
            }
        }

        TiffDirectory toDirectory(int index) throws IOException {
            boolean tiled = tileWidth > 0 && tileHeight > 0;
            long[] offsets = tiled ? tileOffsets : stripOffsets;
            long[] counts = tiled ? tileCounts : stripCounts;
            if (width <= 0 || height <= 0) {
                throw new IOException("TIFF directory " + index + " has no image size");
            }
            if (offsets == null || counts == null || offsets.length != counts.length) {
                throw new IOException("TIFF directory " + index + " has no usable " + (tiled ? "tile" : "strip")
                        + " offsets and byte counts");
            }
            if (tiled) {
                long expected = ((width + tileWidth - 1) / tileWidth) * ((height + tileHeight - 1) / tileHeight)
                        * (planar == 2 ? samples : 1);
                if (offsets.length < expected) {
                    throw new IOException("TIFF directory " + index + " lists " + offsets.length + " tiles, " + expected
                            + " expected");
                }
            }
            return new TiffDirectory(index, width, height, tiled ? tileWidth : 0, tiled ? tileHeight : 0,
                    Math.min(rowsPerStrip, height), offsets, counts, compression, photometric, samples, bits, planar,
                    predictor, newSubfileType, description, software, jpegTables, xRes, yRes, resolutionUnit);
        }
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 1, 2, 6, 7 -> 1;
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 0;
        };
    }

    /** The value bytes of an entry: inline in the entry or at the offset it holds. */
    private ByteBuffer values(int type, long n, ByteBuffer entries, int valuePos, long maxCount) throws IOException {
        int ts = typeSize(type);
        if (ts == 0) {
            throw new IOException("unknown TIFF field type " + type);
        }
        if (n > maxCount) {
            throw new IOException("a TIFF field holds " + n + " values, more than the " + maxCount + " allowed");
        }
        long bytes = n * ts;
        int inline = bigTiff ? 8 : 4;
        if (bytes <= inline) {
            ByteBuffer b = buffer(inline);
            b.put(0, entries, valuePos, inline);
            return b;
        }
        long offset = bigTiff ? entries.getLong(valuePos) : Integer.toUnsignedLong(entries.getInt(valuePos));
        ByteBuffer b = buffer((int) bytes);
        readChecked(b, offset);
        return b;
    }

    private long first(int type, long n, ByteBuffer entries, int valuePos) throws IOException {
        if (n < 1) {
            return 0;
        }
        if (n > 16) {
            throw new IOException("a single-valued TIFF field holds " + n + " values");
        }
        // the count decides whether the values sit inline, so read them all and take the first
        return longs(type, n, entries, valuePos)[0];
    }

    private long[] longs(int type, long n, ByteBuffer entries, int valuePos) throws IOException {
        ByteBuffer b = values(type, n, entries, valuePos, MAX_ARRAY_VALUES);
        long[] v = new long[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type) {
                case 1, 7 -> Byte.toUnsignedLong(b.get(i));
                case 3 -> Short.toUnsignedLong(b.getShort(i * 2));
                case 4, 13 -> Integer.toUnsignedLong(b.getInt(i * 4));
                case 16, 17, 18 -> b.getLong(i * 8);
                case 8 -> b.getShort(i * 2);
                case 9 -> b.getInt(i * 4);
                default -> throw new IOException("TIFF field type " + type + " where an integer was expected");
            };
        }
        return v;
    }

    private double rational(int type, long n, ByteBuffer entries, int valuePos) throws IOException {
        if (n < 1) {
            return 0;
        }
        ByteBuffer b = values(type, n, entries, valuePos, 16);
        return switch (type) {
            case 5 -> {
                long den = Integer.toUnsignedLong(b.getInt(4));
                yield den == 0 ? 0 : Integer.toUnsignedLong(b.getInt(0)) / (double) den;
            }
            case 10 -> b.getInt(4) == 0 ? 0 : b.getInt(0) / (double) b.getInt(4);
            case 11 -> b.getFloat(0);
            case 12 -> b.getDouble(0);
            default -> first(type, n, entries, valuePos);
        };
    }

    private String text(int type, long n, ByteBuffer entries, int valuePos) throws IOException {
        byte[] raw = bytes(type, n, entries, valuePos);
        int len = raw.length;
        while (len > 0 && raw[len - 1] == 0) {
            len--;
        }
        return new String(raw, 0, len, StandardCharsets.UTF_8);
    }

    private byte[] bytes(int type, long n, ByteBuffer entries, int valuePos) throws IOException {
        if (typeSize(type) != 1) {
            throw new IOException("TIFF field type " + type + " where bytes were expected");
        }
        ByteBuffer b = values(type, n, entries, valuePos, MAX_TEXT_BYTES);
        byte[] out = new byte[(int) n];
        b.get(0, out);
        return out;
    }

    private ByteBuffer buffer(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    private void readChecked(ByteBuffer b, long offset) throws IOException {
        if (offset < 0 || offset + b.remaining() > size) {
            throw new IOException("a TIFF structure points outside the file");
        }
        readFully(channel, b, offset);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long offset) throws IOException {
        long pos = offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new EOFException("unexpected end of file at " + pos);
            }
            pos += n;
        }
        b.flip();
    }
}
