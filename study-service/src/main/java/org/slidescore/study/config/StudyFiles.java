package org.slidescore.study.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names of a study's configuration files in the images root, and which study names are allowed. */
public final class StudyFiles {
    private static final Pattern STUDY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_ .\\-]{0,199}");
    private static final Pattern MAP_FILE = Pattern.compile("study\\.(.+)\\.(map[^/\\\\]*)");
    /** Extensions (lower case) of files in a study folder that are imported as slides. */
    public static final java.util.Set<String> SLIDE_EXTENSIONS = java.util.Set.of("svs", "tif", "tiff", "ndpi",
            "vms", "vmu", "scn", "mrxs", "svslide", "bif", "czi", "isyntax", "dcm", "png", "jpg", "jpeg", "bmp",
            "gif", "webp", "jp2", "ome.tif", "ome.tiff", "qptiff", "vsi");

    /** Null when the name is allowed, else why not. */
    public static String checkStudyName(String name) {
        if (name == null || name.isBlank()) {
            return "studyName is missing";
        }
        if (!STUDY_NAME.matcher(name).matches() || name.contains("..") || name.endsWith(".") || name.endsWith(" ")) {
            return "'" + EmailsFile.shorten(name) + "' is not a valid study name (letters, digits, '_', '-', '.', "
                    + "spaces; at most 200 characters)";
        }
        return null;
    }

    public static String emails(String study) {
        return "study." + study + ".emails";
    }

    public static String scores(String study) {
        return "study." + study + ".scores";
    }

    public static String config(String study) {
        return "study." + study + ".config";
    }

    /** {@code study.<name>.<mapName>} for a map named {@code map<id>}. */
    public static String map(String study, String mapName) {
        return "study." + study + "." + mapName;
    }

    /** The map name of a root map file of this study ({@code study.X.map1} → {@code map1}). */
    public static Optional<String> mapName(String study, String fileName) {
        Matcher m = MAP_FILE.matcher(fileName);
        if (m.matches() && m.group(1).equals(study)) {
            return Optional.of(m.group(2));
        }
        return Optional.empty();
    }

    /** The image name of a slide file: its name without the (last, or {@code .ome.tif[f]}) extension. */
    public static String imageName(String fileName) {
        String base = fileName.substring(fileName.replace('\\', '/').lastIndexOf('/') + 1);
        String lower = base.toLowerCase(Locale.ROOT);
        for (String ext : new String[]{".ome.tiff", ".ome.tif"}) {
            if (lower.endsWith(ext) && lower.length() > ext.length()) {
                return base.substring(0, base.length() - ext.length());
            }
        }
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    /** Whether a file in a study folder is a slide to import (by extension). */
    public static boolean isSlideFile(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.startsWith(".")) {
            return false;
        }
        int dot = lower.lastIndexOf('.');
        return dot > 0 && SLIDE_EXTENSIONS.contains(lower.substring(dot + 1));
    }

    private StudyFiles() {
    }
}
