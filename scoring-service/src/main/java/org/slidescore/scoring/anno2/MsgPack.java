package org.slidescore.scoring.anno2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few MessagePack forms the anno2 tile indexes need (maps, whole numbers, strings, binary, booleans), each in its
 * shortest encoding as the msgpack specification describes.
 */
final class MsgPack {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    MsgPack mapHeader(int size) {
        if (size < 16) {
            out.write(0x80 | size);
        } else if (size < 0x10000) {
            out.write(0xde);
            u16(size);
        } else {
            out.write(0xdf);
            u32(size);
        }
        return this;
    }

    MsgPack integer(long v) {
        if (v >= 0) {
            if (v < 128) {
                out.write((int) v);
            } else if (v < 0x100) {
                out.write(0xcc);
                out.write((int) v);
            } else if (v < 0x10000) {
                out.write(0xcd);
                u16((int) v);
            } else if (v < 0x100000000L) {
                out.write(0xce);
                u32(v);
            } else {
                out.write(0xcf);
                u64(v);
            }
        } else if (v >= -32) {
            out.write((int) (v & 0xff));
        } else if (v >= Byte.MIN_VALUE) {
            out.write(0xd0);
            out.write((int) (v & 0xff));
        } else if (v >= Short.MIN_VALUE) {
            out.write(0xd1);
            u16((int) (v & 0xffff));
        } else if (v >= Integer.MIN_VALUE) {
            out.write(0xd2);
            u32(v & 0xffffffffL);
        } else {
            out.write(0xd3);
            u64(v);
        }
        return this;
    }

    MsgPack string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length < 32) {
            out.write(0xa0 | b.length);
        } else if (b.length < 0x100) {
            out.write(0xd9);
            out.write(b.length);
        } else if (b.length < 0x10000) {
            out.write(0xda);
            u16(b.length);
        } else {
            out.write(0xdb);
            u32(b.length);
        }
        out.writeBytes(b);
        return this;
    }

    MsgPack binary(byte[] b) {
        if (b.length < 0x100) {
            out.write(0xc4);
            out.write(b.length);
        } else if (b.length < 0x10000) {
            out.write(0xc5);
            u16(b.length);
        } else {
            out.write(0xc6);
            u32(b.length);
        }
        out.writeBytes(b);
        return this;
    }

    MsgPack bool(boolean v) {
        out.write(v ? 0xc3 : 0xc2);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void u16(int v) {
        out.write(v >>> 8);
        out.write(v & 0xff);
    }

    private void u32(long v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) ((v >>> shift) & 0xff));
        }
    }

    private void u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) ((v >>> shift) & 0xff));
        }
    }
}
