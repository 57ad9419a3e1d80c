package org.slidescore.testsupport.slides;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.w3c.dom.Element;

/**
 * Writes pyramidal tiled JPEG TIFF slides at test time, in pure Java: generic (as {@code vips tiffsave --pyramid}),
 * Aperio SVS-like and Philips-TIFF-like, classic TIFF or BigTIFF, YCbCr or RGB-photometric JPEG. Pixels come from
 * {@link SyntheticTissue}; lower levels are box-reduced with floored sizes. Tiles share one JPEGTables tag (the tile
 * streams are abbreviated), as real scanners and vips write them.
 *
 * <pre>{@code
 * TestSlide.Written s = TestSlide.builder(3000, 2000).flavour(Flavour.APERIO).levelFactor(4).write(dir.resolve("a.svs"));
 * }</pre>
 */
public final class TestSlide {

    public enum Flavour { GENERIC, APERIO, PHILIPS }

    /** What was written: the file and each level's pixels (as stored, before JPEG), for reference comparisons. */
    public record Written(Path path, List<BufferedImage> levels, int tileSize, Flavour flavour) {
        public int levelWidth(int level) {
            return levels.get(level).getWidth();
        }

        public int levelHeight(int level) {
            return levels.get(level).getHeight();
        }
    }

    private final int width;
    private final int height;
    private int tileSize = 256;
    private Flavour flavour = Flavour.GENERIC;
    private boolean bigTiff;
    private boolean rgbJpeg;
    private int quality = 85;
    private int levelFactor = 2;
    private double mpp = 0.25;
    private int appMag = 40;
    private boolean associatedImages = true;

    private TestSlide(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public static TestSlide builder(int width, int height) {
        return new TestSlide(width, height);
    }

    public TestSlide tileSize(int v) { this.tileSize = v; return this; }
    public TestSlide flavour(Flavour v) { this.flavour = v; return this; }
    public TestSlide bigTiff(boolean v) { this.bigTiff = v; return this; }
    /** RGB-photometric JPEG tiles without any colour marker, as some Aperio scanners write them. */
    public TestSlide rgbJpeg(boolean v) { this.rgbJpeg = v; return this; }
    public TestSlide quality(int v) { this.quality = v; return this; }
    /** Size ratio between pyramid levels: 2 (vips) or 4 (Aperio). */
    public TestSlide levelFactor(int v) { this.levelFactor = v; return this; }
    public TestSlide mpp(double v) { this.mpp = v; return this; }
    public TestSlide appMag(int v) { this.appMag = v; return this; }
    /** Thumbnail, label and macro as stripped IFDs (Aperio, generic) or base64 in the XML (Philips). */
    public TestSlide associatedImages(boolean v) { this.associatedImages = v; return this; }

    public Written write(Path file) {
        try {
            return doWrite(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Written doWrite(Path file) throws IOException {
        List<BufferedImage> levels = new ArrayList<>();
        BufferedImage level = SyntheticTissue.region(0, 0, width, height);
        levels.add(level);
        while ((level.getWidth() > tileSize || level.getHeight() > tileSize)
                && level.getWidth() / levelFactor >= 1 && level.getHeight() / levelFactor >= 1) {
            level = SyntheticTissue.reduce(level, levelFactor);
            levels.add(level);
        }
        TiffOut out = new TiffOut(bigTiff);
        List<List<TiffOut.Entry>> ifds = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            ifds.add(tiledIfd(out, levels.get(i), i));
        }
        BufferedImage thumb = SyntheticTissue.reduce(levels.get(0), Math.max(1, Math.max(width, height) / 192));
        BufferedImage label = label();
        BufferedImage macro = SyntheticTissue.reduce(levels.get(0), Math.max(1, Math.max(width, height) / 400));
        if (associatedImages && flavour != Flavour.PHILIPS) {
            if (flavour == Flavour.APERIO) {
                ifds.add(1, strippedJpegIfd(out, thumb, aperioHeader() + "\r\n" + width + "x" + height + " -> "
                        + thumb.getWidth() + "x" + thumb.getHeight() + " - ;AppMag = " + appMag));
                ifds.add(strippedRawIfd(out, label, aperioHeader() + "\r\nlabel " + label.getWidth() + "x" + label.getHeight()));
                ifds.add(strippedJpegIfd(out, macro, aperioHeader() + "\r\nmacro " + macro.getWidth() + "x" + macro.getHeight()));
            } else {
                ifds.add(strippedJpegIfd(out, macro, "macro"));
            }
        }
        if (flavour == Flavour.PHILIPS) {
            ifds.get(0).add(TiffOut.ascii(305, "Philips DP v1.0"));
            ifds.get(0).add(TiffOut.ascii(270, philipsXml(levels, associatedImages ? label : null,
                    associatedImages ? macro : null)));
        } else if (flavour == Flavour.APERIO) {
            ifds.get(0).add(TiffOut.ascii(270, aperioHeader() + "\r\n" + width + "x" + height + " [0,0 " + width + "x"
                    + height + "] (" + tileSize + "x" + tileSize + ") JPEG/" + (rgbJpeg ? "RGB" : "YCbCr") + " Q="
                    + quality + "|AppMag = " + appMag + "|StripeWidth = 2040|ScanScope ID = SS0000|Filename = synthetic"
                    + "|Date = 01/01/25|Time = 12:00:00|MPP = " + fmt(mpp) + "|Left = 25.0|Top = 20.0"));
        } else {
            double pxPerCm = 10000.0 / mpp;
            ifds.get(0).add(TiffOut.rational(282, pxPerCm));
            ifds.get(0).add(TiffOut.rational(283, pxPerCm));
            ifds.get(0).add(TiffOut.shorts(296, 3));
        }
        out.writeIfds(ifds);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.bytes());
        return new Written(file, List.copyOf(levels), tileSize, flavour);
    }

    private String aperioHeader() {
        return "Aperio Image Library v12.0.15";
    }

    private List<TiffOut.Entry> tiledIfd(TiffOut out, BufferedImage img, int index) throws IOException {
        int cols = (img.getWidth() + tileSize - 1) / tileSize;
        int rows = (img.getHeight() + tileSize - 1) / tileSize;
        long[] offsets = new long[cols * rows];
        long[] counts = new long[cols * rows];
        byte[] tables = null;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                BufferedImage tile = new BufferedImage(tileSize, tileSize, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = tile.createGraphics();
                g.setColor(new Color(SyntheticTissue.GLASS));
                g.fillRect(0, 0, tileSize, tileSize);
                g.drawImage(img.getSubimage(c * tileSize, r * tileSize, Math.min(tileSize, img.getWidth() - c * tileSize),
                        Math.min(tileSize, img.getHeight() - r * tileSize)), 0, 0, null);
                g.dispose();
                Jpeg.Split split = Jpeg.split(Jpeg.encode(tile, quality, rgbJpeg));
                if (tables == null) {
                    tables = split.tables();
                } else if (!Arrays.equals(tables, split.tables())) {
                    throw new IllegalStateException("JPEG tables differ between tiles");
                }
                offsets[r * cols + c] = out.append(split.abbreviated());
                counts[r * cols + c] = split.abbreviated().length;
            }
        }
        List<TiffOut.Entry> e = new ArrayList<>();
        if (index > 0) {
            e.add(TiffOut.longs(254, 1));
        }
        e.add(TiffOut.longs(256, img.getWidth()));
        e.add(TiffOut.longs(257, img.getHeight()));
        e.add(TiffOut.shorts(258, 8, 8, 8));
        e.add(TiffOut.shorts(259, 7));
        e.add(TiffOut.shorts(262, rgbJpeg ? 2 : 6));
        e.add(TiffOut.shorts(277, 3));
        e.add(TiffOut.shorts(284, 1));
        e.add(TiffOut.shorts(322, tileSize));
        e.add(TiffOut.shorts(323, tileSize));
        e.add(out.offsets(324, offsets));
        e.add(out.offsets(325, counts));
        e.add(TiffOut.undefined(347, tables));
        if (!rgbJpeg) {
            e.add(TiffOut.shorts(530, 2, 2));
        }
        return e;
    }

    private List<TiffOut.Entry> strippedJpegIfd(TiffOut out, BufferedImage img, String description) throws IOException {
        byte[] jpeg = Jpeg.encode(img, 90, false);
        long offset = out.append(jpeg);
        List<TiffOut.Entry> e = new ArrayList<>();
        e.add(TiffOut.longs(254, 1));
        e.add(TiffOut.longs(256, img.getWidth()));
        e.add(TiffOut.longs(257, img.getHeight()));
        e.add(TiffOut.shorts(258, 8, 8, 8));
        e.add(TiffOut.shorts(259, 7));
        e.add(TiffOut.shorts(262, 6));
        e.add(TiffOut.ascii(270, description));
        e.add(out.offsets(273, new long[]{offset}));
        e.add(TiffOut.shorts(277, 3));
        e.add(TiffOut.longs(278, img.getHeight()));
        e.add(out.offsets(279, new long[]{jpeg.length}));
        e.add(TiffOut.shorts(284, 1));
        return e;
    }

    private List<TiffOut.Entry> strippedRawIfd(TiffOut out, BufferedImage img, String description) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] raw = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int o = (y * w + x) * 3;
                raw[o] = (byte) (p >> 16);
                raw[o + 1] = (byte) (p >> 8);
                raw[o + 2] = (byte) p;
            }
        }
        long offset = out.append(raw);
        List<TiffOut.Entry> e = new ArrayList<>();
        e.add(TiffOut.longs(254, 1));
        e.add(TiffOut.longs(256, w));
        e.add(TiffOut.longs(257, h));
        e.add(TiffOut.shorts(258, 8, 8, 8));
        e.add(TiffOut.shorts(259, 1));
        e.add(TiffOut.shorts(262, 2));
        e.add(TiffOut.ascii(270, description));
        e.add(out.offsets(273, new long[]{offset}));
        e.add(TiffOut.shorts(277, 3));
        e.add(TiffOut.longs(278, h));
        e.add(out.offsets(279, new long[]{raw.length}));
        e.add(TiffOut.shorts(284, 1));
        return e;
    }

    private static BufferedImage label() {
        BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 80);
        g.setColor(new Color(0x2040A0));
        g.fillRect(10, 10, 100, 20);
        g.fillRect(10, 50, 40, 20);
        g.dispose();
        return img;
    }

    private String philipsXml(List<BufferedImage> levels, BufferedImage label, BufferedImage macro) throws IOException {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<DataObject ObjectType=\"DPUfsImport\">\n");
        x.append(" <Attribute Name=\"DICOM_MANUFACTURER\" Group=\"0x0008\" Element=\"0x0070\" PMSVR=\"IString\">PHILIPS</Attribute>\n");
        x.append(" <Attribute Name=\"PIM_DP_SCANNED_IMAGES\" Group=\"0x301D\" Element=\"0x1003\" PMSVR=\"IDataObjectArray\">\n  <Array>\n");
        if (macro != null) {
            associated(x, "MACROIMAGE", macro);
        }
        if (label != null) {
            associated(x, "LABELIMAGE", label);
        }
        x.append("   <DataObject ObjectType=\"DPScannedImage\">\n");
        x.append("    <Attribute Name=\"DICOM_PIXEL_SPACING\" Group=\"0x0028\" Element=\"0x0030\" PMSVR=\"IDoubleArray\">")
                .append(spacing(mpp)).append("</Attribute>\n");
        x.append("    <Attribute Name=\"PIM_DP_IMAGE_TYPE\" Group=\"0x301D\" Element=\"0x1004\" PMSVR=\"IString\">WSI</Attribute>\n");
        x.append("    <Attribute Name=\"PIIM_PIXEL_DATA_REPRESENTATION_SEQUENCE\" Group=\"0x1001\" Element=\"0x8B01\" PMSVR=\"IDataObjectArray\">\n     <Array>\n");
        double ds = 1;
        for (int i = 0; i < levels.size(); i++) {
            x.append("      <DataObject ObjectType=\"PixelDataRepresentation\">\n");
            x.append("       <Attribute Name=\"DICOM_PIXEL_SPACING\" Group=\"0x0028\" Element=\"0x0030\" PMSVR=\"IDoubleArray\">")
                    .append(spacing(mpp * ds)).append("</Attribute>\n");
            x.append("       <Attribute Name=\"PIIM_PIXEL_DATA_REPRESENTATION_NUMBER\" Group=\"0x101D\" Element=\"0x2001\" PMSVR=\"IUInt16\">")
                    .append(i).append("</Attribute>\n");
            x.append("      </DataObject>\n");
            ds *= levelFactor;
        }
        x.append("     </Array>\n    </Attribute>\n   </DataObject>\n  </Array>\n </Attribute>\n</DataObject>\n");
        return x.toString();
    }

    private static void associated(StringBuilder x, String type, BufferedImage img) throws IOException {
        x.append("   <DataObject ObjectType=\"DPScannedImage\">\n");
        x.append("    <Attribute Name=\"PIM_DP_IMAGE_TYPE\" Group=\"0x301D\" Element=\"0x1004\" PMSVR=\"IString\">")
                .append(type).append("</Attribute>\n");
        x.append("    <Attribute Name=\"PIM_DP_IMAGE_DATA\" Group=\"0x301D\" Element=\"0x1005\" PMSVR=\"IString\">")
                .append(Base64.getEncoder().encodeToString(Jpeg.encode(img, 90, false))).append("</Attribute>\n");
        x.append("   </DataObject>\n");
    }

    private static String spacing(double mppValue) {
        String mm = fmt(mppValue / 1000.0);
        return "\"" + mm + "\" \"" + mm + "\"";
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.9f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** JPEG encoding with the JDK codec and splitting into tables + abbreviated stream. */
    static final class Jpeg {
        record Split(byte[] tables, byte[] abbreviated) {
        }

        static byte[] encode(BufferedImage img, int quality, boolean rgb) throws IOException {
            ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
            try {
                ImageWriteParam p = w.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
                IIOMetadata md = w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), p);
                if (rgb) {
                    String f = "javax_imageio_jpeg_image_1.0";
                    Element root = (Element) md.getAsTree(f);
                    Element variety = (Element) root.getElementsByTagName("JPEGvariety").item(0);
                    while (variety.hasChildNodes()) {
                        variety.removeChild(variety.getFirstChild());
                    }
                    Element markers = (Element) root.getElementsByTagName("markerSequence").item(0);
                    IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
                    adobe.setAttribute("transform", "0");
                    markers.insertBefore(adobe, markers.getFirstChild());
                    var comps = root.getElementsByTagName("componentSpec");
                    for (int i = 0; i < comps.getLength(); i++) {
                        Element c = (Element) comps.item(i);
                        c.setAttribute("HsamplingFactor", "1");
                        c.setAttribute("VsamplingFactor", "1");
                        // all components on one quantization table, as RGB scanners do
                        c.setAttribute("QtableSelector", "0");
                    }
                    md.setFromTree(f, root);
                }
                ByteArrayOutputStream bo = new ByteArrayOutputStream();
                try (ImageOutputStream os = ImageIO.createImageOutputStream(bo)) {
                    w.setOutput(os);
                    w.write(null, new IIOImage(img, null, md), p);
                }
                byte[] jpeg = bo.toByteArray();
                if (rgb) {
                    jpeg = renumberComponents(jpeg);
                }
                return jpeg;
            } finally {
                w.dispose();
            }
        }

        /** Component ids 0,1,2: neither the YCbCr (1,2,3) nor the 'R','G','B' convention, so only a marker tells. */
        private static byte[] renumberComponents(byte[] jpeg) {
            byte[] b = jpeg.clone();
            int i = 2;
            while (i + 4 <= b.length) {
                int marker = b[i + 1] & 0xff;
                int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
                if (marker == 0xC0 || marker == 0xC1) {
                    int n = b[i + 9] & 0xff;
                    for (int c = 0; c < n; c++) {
                        b[i + 10 + c * 3] = (byte) c;
                    }
                } else if (marker == 0xDA) {
                    int n = b[i + 4] & 0xff;
                    for (int c = 0; c < n; c++) {
                        b[i + 5 + c * 2] = (byte) (b[i + 5 + c * 2] - 1);
                    }
                    break;
                }
                i += 2 + len;
            }
            return b;
        }

        /** Tables (SOI DQT* DHT* EOI) and the rest without APPn markers (SOI SOF [DRI] SOS ... EOI). */
        static Split split(byte[] jpeg) {
            ByteArrayOutputStream tables = new ByteArrayOutputStream();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            tables.write(0xFF);
            tables.write(0xD8);
            rest.write(0xFF);
            rest.write(0xD8);
            int i = 2;
            while (i + 4 <= jpeg.length) {
                int marker = jpeg[i + 1] & 0xff;
                int len = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
                if (marker == 0xDA) {
                    rest.write(jpeg, i, jpeg.length - i);
                    break;
                }
                if (marker == 0xDB || marker == 0xC4) {
                    tables.write(jpeg, i, 2 + len);
                } else if (marker < 0xE0 || marker > 0xEF) {
                    rest.write(jpeg, i, 2 + len);
                }
                i += 2 + len;
            }
            tables.write(0xFF);
            tables.write(0xD9);
            return new Split(tables.toByteArray(), rest.toByteArray());
        }

        private Jpeg() {
        }
    }
}
