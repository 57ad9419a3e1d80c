package org.slidescore.study.config;

import java.util.Locale;
import java.util.Optional;

/** What a study user may do, as written in {@code study.<name>.emails}. */
public enum StudyRight {
    VIEWONLY("viewonly"),
    CANSCORE("canscore"),
    CANGETRESULTS("cangetresults"),
    CANEDIT("canedit");

    private final String fileName;

    StudyRight(String fileName) {
        this.fileName = fileName;
    }

    /** The word used in the file and in events. */
    public String word() {
        return fileName;
    }

    public static Optional<StudyRight> fromWord(String word) {
        String w = word.trim().toLowerCase(Locale.ROOT);
        for (StudyRight r : values()) {
            if (r.fileName.equals(w)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
