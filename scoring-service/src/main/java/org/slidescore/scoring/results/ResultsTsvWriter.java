package org.slidescore.scoring.results;

/**
 * Writes results as TSV, the format of a manual download and of Scores without {@code Accept: application/json}:
 * a header line, then one answer per line. The layout is fixed for a whole document: a leading {@code CaseName}
 * column when the study has cases and the TMA columns when it has TMA maps, so the text can be uploaded again with
 * UploadResults. TAB, CR and LF inside a value cannot be represented in TSV and are written as spaces.
 */
public final class ResultsTsvWriter {
    private final boolean withCase;
    private final boolean withTma;

    public ResultsTsvWriter(boolean withCase, boolean withTma) {
        this.withCase = withCase;
        this.withTma = withTma;
    }

    public String header() {
        StringBuilder sb = new StringBuilder();
        if (withCase) {
            sb.append("CaseName\t");
        }
        sb.append("ImageID\tImage Name\tBy\t");
        if (withTma) {
            sb.append("TMA Row\tTMA Col\tTMA Sample\t");
        }
        return sb.append("Question\tAnswer\n").toString();
    }

    public String line(ResultRow r) {
        StringBuilder sb = new StringBuilder(64 + (r.answer() == null ? 0 : r.answer().length()));
        if (withCase) {
            sb.append(clean(r.caseName())).append('\t');
        }
        sb.append(r.imageId() == null ? "0" : r.imageId().toString()).append('\t')
                .append(clean(r.imageName())).append('\t')
                .append(clean(r.user())).append('\t');
        if (withTma) {
            if (r.isTmaCore()) {
                sb.append(r.tmaRow()).append('\t').append(r.tmaCol()).append('\t').append(clean(r.tmaSampleId()));
            } else {
                sb.append("\t\t");
            }
            sb.append('\t');
        }
        return sb.append(clean(r.question())).append('\t').append(clean(r.answer())).append('\n').toString();
    }

    static String clean(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
