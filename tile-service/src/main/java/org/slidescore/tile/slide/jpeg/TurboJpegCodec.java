package org.slidescore.tile.slide.jpeg;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * libjpeg-turbo's TurboJPEG API ({@code libturbojpeg.so.0}, Debian {@code libturbojpeg0}) through JNA: about 3x the
 * JDK codec's speed. One decompressor and one compressor handle per thread.
 */
public final class TurboJpegCodec implements JpegCodec {
    public static final String LIBRARY = "libturbojpeg.so.0";

    private static final int TJSAMP_420 = 2;
    private static final int TJFLAG_NOREALLOC = 1024;
    /** TYPE_INT_RGB in memory: B,G,R,X on little-endian machines, X,R,G,B on big-endian ones. */
    private static final int PIXEL_FORMAT = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 3 : 5;

    interface TurboJpeg extends Library {
        Pointer tjInitDecompress();

        Pointer tjInitCompress();

        int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, IntByReference width,
                                IntByReference height, IntByReference subsamp, IntByReference colorspace);

        int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, int[] dst, int width, int pitch, int height,
                          int pixelFormat, int flags);

        int tjCompress2(Pointer handle, int[] src, int width, int pitch, int height, int pixelFormat,
                        PointerByReference jpegBuf, NativeLongByReference jpegSize, int subsamp, int quality, int flags);

        NativeLong tjBufSize(int width, int height, int subsamp);

        String tjGetErrorStr2(Pointer handle);
    }

    private final TurboJpeg lib;
    private final ThreadLocal<Pointer> decompressor;
    private final ThreadLocal<Pointer> compressor;
    /** Reused per thread: a tile's worst-case JPEG size is known up front (tjBufSize), so no realloc. */
    private final ThreadLocal<Memory> outputBuffer = ThreadLocal.withInitial(() -> new Memory(512 * 1024));

    private TurboJpegCodec(TurboJpeg lib) {
        this.lib = lib;
        this.decompressor = ThreadLocal.withInitial(lib::tjInitDecompress);
        this.compressor = ThreadLocal.withInitial(lib::tjInitCompress);
    }

    /** Loads the library; throws {@link UnsatisfiedLinkError} (or another error) when it is not installed. */
    public static TurboJpegCodec load() {
        return new TurboJpegCodec(Native.load(LIBRARY, TurboJpeg.class));
    }

    @Override
    public String name() {
        return "libjpeg-turbo (JNA)";
    }

    @Override
    public BufferedImage decode(byte[] jpeg) throws IOException {
        Pointer h = decompressor.get();
        IntByReference w = new IntByReference();
        IntByReference ht = new IntByReference();
        IntByReference ss = new IntByReference();
        IntByReference cs = new IntByReference();
        NativeLong size = new NativeLong(jpeg.length);
        if (lib.tjDecompressHeader3(h, jpeg, size, w, ht, ss, cs) != 0) {
            throw new IOException("JPEG data cannot be decoded: " + lib.tjGetErrorStr2(h));
        }
        int width = w.getValue();
        int height = ht.getValue();
        if (width <= 0 || height <= 0 || (long) width * height > 64L << 20) {
            throw new IOException("JPEG of " + width + "x" + height + " refused");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        if (lib.tjDecompress2(h, jpeg, size, Pictures.pixels(img), width, width * 4, height, PIXEL_FORMAT, 0) != 0) {
            String msg = lib.tjGetErrorStr2(h);
            // warnings (e.g. premature end of data) still produce pixels; libjpeg-turbo 2.1 returns -1 for them too
            if (msg == null || !msg.toLowerCase(java.util.Locale.ROOT).contains("premature")) {
                throw new IOException("JPEG data cannot be decoded: " + msg);
            }
        }
        return img;
    }

    @Override
    public byte[] encode(BufferedImage image, int quality) throws IOException {
        BufferedImage img = Pictures.toIntRgb(image);
        int width = img.getWidth();
        int height = img.getHeight();
        Pointer h = compressor.get();
        long max = lib.tjBufSize(width, height, TJSAMP_420).longValue();
        Memory out = outputBuffer.get();
        if (out.size() < max) {
            out.close();
            out = new Memory(Math.max(max, out.size() * 2));
            outputBuffer.set(out);
        }
        PointerByReference buf = new PointerByReference(out);
        NativeLongByReference size = new NativeLongByReference(new NativeLong(max));
        int[] px = Pictures.pixels(img);
        if (px.length != width * height) {
            img = Pictures.crop(img, 0, 0, width, height);
            px = Pictures.pixels(img);
        }
        if (lib.tjCompress2(h, px, width, width * 4, height, PIXEL_FORMAT, buf, size, TJSAMP_420,
                Math.max(1, Math.min(100, quality)), TJFLAG_NOREALLOC) != 0) {
            throw new IOException("JPEG encoding failed: " + lib.tjGetErrorStr2(h));
        }
        return out.getByteArray(0, (int) size.getValue().longValue());
    }
}
