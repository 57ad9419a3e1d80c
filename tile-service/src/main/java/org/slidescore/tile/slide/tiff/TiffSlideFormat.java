package org.slidescore.tile.slide.tiff;

import org.slidescore.tile.slide.SlideFormat;
import org.slidescore.tile.slide.SlideReader;
import org.slidescore.tile.slide.UnreadableSlideException;
import org.slidescore.tile.slide.jpeg.JpegCodec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The pure-Java TIFF family plugin: generic pyramidal TIFF, Aperio SVS, Philips TIFF; classic and BigTIFF. */
public final class TiffSlideFormat implements SlideFormat {
    private final JpegCodec codec;

    public TiffSlideFormat(JpegCodec codec) {
        this.codec = codec;
    }

    @Override
    public String name() {
        return "tiff (pure Java, JPEG via " + codec.name() + ")";
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Probe probe(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4 || !TiffFile.isTiff(head)) {
                return Probe.reject();
            }
        }
        try (SlideReader ignored = open(file)) {
            return Probe.accept();
        } catch (UnreadableSlideException e) {
            return Probe.unsupported(e.getMessage());
        } catch (IOException e) {
            return Probe.unsupported("the TIFF structure is damaged: " + e.getMessage());
        }
    }

    @Override
    public SlideReader open(Path file) throws IOException {
        return TiffSlideReader.open(file, codec);
    }
}
