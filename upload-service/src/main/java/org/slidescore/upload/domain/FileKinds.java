package org.slidescore.upload.domain;

import org.slidescore.events.SlideUploaded.FileKind;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What an uploaded file looks like, from its name and folder (study-service and tile-service decide for real). */
public final class FileKinds {
    private static final Set<String> SLIDE_EXTENSIONS = Set.of("svs", "tif", "tiff", "ndpi", "vms", "vmu", "scn",
            "mrxs", "bif", "svslide", "isyntax", "czi", "jpg", "jpeg", "png", "bmp", "dcm", "qptiff", "btf", "jp2",
            "ome.tif", "ome.tiff", "zip");
    private static final Pattern STUDY_FILE =
            Pattern.compile("study\\..+\\.(emails|scores|config|map[^.]*)", Pattern.CASE_INSENSITIVE);

    public static FileKind of(UploadTarget target) {
        String name = target.fileName().toLowerCase(Locale.ROOT);
        if (target.folder().equals("anno2") || target.folder().startsWith("anno2/")) {
            return FileKind.ANNO2;
        }
        if (STUDY_FILE.matcher(name).matches() || name.endsWith(".images")) {
            return FileKind.STUDY_CONFIG;
        }
        for (String ext : SLIDE_EXTENSIONS) {
            if (name.endsWith("." + ext)) {
                return FileKind.SLIDE;
            }
        }
        return FileKind.OTHER;
    }

    private FileKinds() {
    }
}
