package org.slidescore.testsupport.slides;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A little-endian TIFF or BigTIFF assembled in memory: data blocks first, directories at the end. */
final class TiffOut {
    static final int SHORT = 3;
    static final int LONG = 4;
    static final int RATIONAL = 5;
    static final int ASCII = 2;
    static final int UNDEFINED = 7;
    static final int LONG8 = 16;

    /** One directory entry: tag, type, value count and the value bytes (little-endian). */
    record Entry(int tag, int type, long count, byte[] value) {
    }

    private final boolean big;
    private byte[] buf = new byte[1 << 16];
    private int size;

    TiffOut(boolean big) {
        this.big = big;
        if (big) {
            put(new byte[]{'I', 'I', 43, 0, 8, 0, 0, 0});
            put(new byte[8]); // first IFD offset, patched later
        } else {
            put(new byte[]{'I', 'I', 42, 0});
            put(new byte[4]);
        }
    }

    long append(byte[] data) {
        if ((size & 1) != 0) {
            put(new byte[1]);
        }
        long at = size;
        put(data);
        return at;
    }

    /** Offsets or byte counts: LONG in classic TIFF, LONG8 in BigTIFF. */
    Entry offsets(int tag, long[] values) {
        if (big) {
            ByteBuffer b = le(values.length * 8);
            for (long v : values) {
                b.putLong(v);
            }
            return new Entry(tag, LONG8, values.length, b.array());
        }
        ByteBuffer b = le(values.length * 4);
        for (long v : values) {
            b.putInt((int) v);
        }
        return new Entry(tag, LONG, values.length, b.array());
    }

    static Entry shorts(int tag, int... values) {
        ByteBuffer b = le(values.length * 2);
        for (int v : values) {
            b.putShort((short) v);
        }
        return new Entry(tag, SHORT, values.length, b.array());
    }

    static Entry longs(int tag, long... values) {
        ByteBuffer b = le(values.length * 4);
        for (long v : values) {
            b.putInt((int) v);
        }
        return new Entry(tag, LONG, values.length, b.array());
    }

    static Entry rational(int tag, double value) {
        ByteBuffer b = le(8);
        b.putInt((int) Math.round(value * 1000));
        b.putInt(1000);
        return new Entry(tag, RATIONAL, 1, b.array());
    }

    static Entry ascii(int tag, String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = Arrays.copyOf(text, text.length + 1);
        return new Entry(tag, ASCII, z.length, z);
    }

    static Entry undefined(int tag, byte[] data) {
        return new Entry(tag, UNDEFINED, data.length, data);
    }

    /** Writes the directories as a chain, in the given order, and points the header at the first. */
    void writeIfds(List<List<Entry>> ifds) {
        long previousNextPointer = big ? 8 : 4;
        for (List<Entry> ifd : ifds) {
            List<Entry> entries = ifd.stream().sorted(Comparator.comparingInt(Entry::tag)).toList();
            int inline = big ? 8 : 4;
            // out-of-line values first, so the directory can point at them
            long[] valueOffsets = new long[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).value().length > inline) {
                    valueOffsets[i] = append(entries.get(i).value());
                }
            }
            long at = append(new byte[0]);
            patch(previousNextPointer, at);
            ByteBuffer d = le((big ? 8 : 2) + entries.size() * (big ? 20 : 12) + (big ? 8 : 4));
            if (big) {
                d.putLong(entries.size());
            } else {
                d.putShort((short) entries.size());
            }
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                d.putShort((short) e.tag());
                d.putShort((short) e.type());
                if (big) {
                    d.putLong(e.count());
                } else {
                    d.putInt((int) e.count());
                }
                byte[] field = new byte[inline];
                if (e.value().length > inline) {
                    ByteBuffer o = le(inline);
                    if (big) {
                        o.putLong(valueOffsets[i]);
                    } else {
                        o.putInt((int) valueOffsets[i]);
                    }
                    field = o.array();
                } else {
                    System.arraycopy(e.value(), 0, field, 0, e.value().length);
                }
                d.put(field);
            }
            previousNextPointer = at + d.position();
            put(d.array());
        }
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, size);
    }

    private void patch(long position, long value) {
        ByteBuffer b = ByteBuffer.wrap(buf, (int) position, big ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (big) {
            b.putLong(value);
        } else {
            if (value > 0xFFFFFFFFL) {
                throw new IllegalStateException("classic TIFF over 4 GiB: use BigTIFF");
            }
            b.putInt((int) value);
        }
    }

    private void put(byte[] data) {
        if (size + data.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + data.length));
        }
        System.arraycopy(data, 0, buf, size, data.length);
        size += data.length;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
