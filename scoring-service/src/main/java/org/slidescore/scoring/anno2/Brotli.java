package org.slidescore.scoring.anno2;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import io.quarkus.logging.Log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Brotli streams (RFC 7932) for the {@code .br} members of an anno2 zip. With the native Brotli library of brotli4j
 * (present on the platforms brotli4j ships natives for) the data is compressed at quality 8, as the SDK's encoder
 * does; without it the stream is still valid Brotli that every decoder reads, made of uncompressed meta-blocks
 * (RFC 7932 §9.2, ISUNCOMPRESSED), so the file only gets larger.
 */
public final class Brotli {
    /** Quality the SDK's encoder uses. */
    static final int QUALITY = 8;
    /** Bytes per uncompressed meta-block; below the 64 KiB window of WBITS 16. */
    static final int STORED_BLOCK = 16 * 1024;

    private static volatile Boolean nativeAvailable;

    /** Whether the native encoder can be used in this JVM. */
    public static boolean nativeAvailable() {
        Boolean a = nativeAvailable;
        if (a == null) {
            boolean ok;
            try {
                ok = Brotli4jLoader.isAvailable();
                if (!ok) {
                    Log.warnf("native Brotli is not available (%s); anno2 members are written as uncompressed Brotli",
                            Brotli4jLoader.getUnavailabilityCause());
                }
            } catch (LinkageError e) {
                Log.warnf("native Brotli is not available (%s); anno2 members are written as uncompressed Brotli", e);
                ok = false;
            }
            nativeAvailable = a = ok;
        }
        return a;
    }

    /** {@code data} as a Brotli stream: compressed when the native encoder loads, else stored. */
    public static byte[] compress(byte[] data) {
        if (nativeAvailable()) {
            try {
                return Encoder.compress(data, new Encoder.Parameters().setQuality(QUALITY));
            } catch (IOException e) {
                throw new UncheckedIOException("Brotli compression failed", e);
            }
        }
        return stored(data);
    }

    /**
     * A valid Brotli stream holding {@code data} in uncompressed meta-blocks: WBITS 16, then per block ISLAST=0,
     * MNIBBLES=4, MLEN-1 in 16 bits, ISUNCOMPRESSED=1, padding to a byte and the bytes; finally an empty last
     * meta-block (ISLAST=1, ISLASTEMPTY=1). Bits are packed least significant first.
     */
    static byte[] stored(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / STORED_BLOCK * 4 + 8);
        Bits bits = new Bits(out);
        bits.write(0, 1); // WBITS = 16
        for (int from = 0; from < data.length; from += STORED_BLOCK) {
            int len = Math.min(STORED_BLOCK, data.length - from);
            bits.write(0, 1); // ISLAST
            bits.write(0, 2); // MNIBBLES = 4
            bits.write(len - 1, 16); // MLEN - 1
            bits.write(1, 1); // ISUNCOMPRESSED
            bits.flushToByte();
            out.write(data, from, len);
        }
        bits.write(1, 1); // ISLAST
        bits.write(1, 1); // ISLASTEMPTY
        bits.flushToByte();
        return out.toByteArray();
    }

    /** Least-significant-bit-first bit packing (RFC 7932 §2). */
    private static final class Bits {
        private final ByteArrayOutputStream out;
        private int current;
        private int used;

        Bits(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >>> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
        }

        void flushToByte() {
            if (used > 0) {
                out.write(current);
                current = 0;
                used = 0;
            }
        }
    }

    private Brotli() {
    }
}
