package org.slidescore.study.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code *.images} in the study folder: one image per line, {@code path;tmaMap;rotation;newName}; empty fields are
 * allowed and trailing fields may be left out. Paths are relative to the study folder and may climb to other folders
 * ({@code ../otherfolder/x.tif}) but never out of the images root.
 * <p>
 * The documentation's own example {@code ../otherfolder/011938r082.tif;;Nice Image} has three fields of which the
 * third is not a number: a non-numeric third field with no fourth is read as the new name (and said so).
 */
public final class ImagesFile {
    public static final int MAX_NAME = 255;
    public static final int MAX_IMAGES = 100_000;

    /** An entry and the line it came from. */
    public record Numbered(int line, ImageEntry entry) {
    }

    public static List<ImageEntry> parse(String fileName, String content, ImagesRoot root, String studyFolder,
                                         ParseLog log) {
        return parseNumbered(fileName, content, root, studyFolder, log).stream().map(Numbered::entry).toList();
    }

    public static List<Numbered> parseNumbered(String fileName, String content, ImagesRoot root, String studyFolder,
                                               ParseLog log) {
        List<Numbered> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ConfigText.Line line : ConfigText.lines(fileName, content, log)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.text().split(";", -1);
            if (f.length > 4) {
                log.error(fileName, line.number(), "too many fields: expected path;tmaMap;rotation;newName");
                continue;
            }
            String rawPath = f[0].trim();
            if (rawPath.isEmpty()) {
                log.error(fileName, line.number(), "missing image path");
                continue;
            }
            ImagesRoot.Resolved resolved;
            try {
                resolved = root.resolve(studyFolder, rawPath);
            } catch (ImagesRoot.OutsideRootException e) {
                log.error(fileName, line.number(), e.getMessage());
                continue;
            }
            String tmaMap = f.length > 1 && !f[1].isBlank() ? f[1].trim() : null;
            Integer rotation = null;
            String newName = f.length > 3 && !f[3].isBlank() ? f[3].trim() : null;
            if (f.length > 2 && !f[2].isBlank()) {
                String r = f[2].trim();
                if (r.matches("[+-]?\\d{1,4}")) {
                    int deg = Integer.parseInt(r);
                    if (deg < -360 || deg > 360) {
                        log.error(fileName, line.number(), "rotation " + deg + " is not between -360 and 360");
                        continue;
                    }
                    rotation = Math.floorMod(deg, 360);
                } else if (f.length == 3) {
                    newName = r;
                    log.info(fileName, line.number(), "'" + EmailsFile.shorten(r)
                            + "' is not a rotation; read as the image's new name");
                } else {
                    log.error(fileName, line.number(), "rotation '" + EmailsFile.shorten(r)
                            + "' is not a whole number of degrees");
                    continue;
                }
            }
            if (newName != null && (newName.length() > MAX_NAME || newName.chars().anyMatch(c -> c < 0x20))) {
                log.error(fileName, line.number(), "image name is longer than " + MAX_NAME
                        + " characters or contains control characters");
                continue;
            }
            Integer first = seen.putIfAbsent(resolved.relative(), line.number());
            if (first != null) {
                log.warning(fileName, line.number(), resolved.relative() + " is already listed on line " + first
                        + "; this line is ignored");
                continue;
            }
            if (out.size() == MAX_IMAGES) {
                log.error(fileName, line.number(), "more than " + MAX_IMAGES + " images");
                break;
            }
            out.add(new Numbered(line.number(), new ImageEntry(resolved.relative(), tmaMap, rotation, newName)));
        }
        return out;
    }

    /**
     * The file text. Every path is written as {@code ../<path from the root>}, which means the same slide from any
     * study folder (study folders are direct children of the root), so the file survives a clone into another folder.
     */
    public static String write(List<ImageEntry> images) {
        StringBuilder sb = new StringBuilder();
        for (ImageEntry e : images) {
            String[] f = {"../" + e.path(), e.tmaMap() == null ? "" : e.tmaMap(),
                    e.rotation() == null ? "" : String.valueOf(e.rotation()), e.newName() == null ? "" : e.newName()};
            int last = 3;
            while (last > 0 && f[last].isEmpty()) {
                last--;
            }
            // A name in the fourth field needs the rotation field written, or it would read as a rotation.
            for (int i = 0; i <= last; i++) {
                if (i > 0) {
                    sb.append(';');
                }
                sb.append(f[i]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private ImagesFile() {
    }
}
