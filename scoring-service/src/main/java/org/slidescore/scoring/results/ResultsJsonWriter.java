package org.slidescore.scoring.results;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.time.Instant;

/**
 * One element of the Scores JSON array, with exactly the contract's keys in its order: {@code id}, {@code imageID}
 * (null for case-level answers), {@code imageName}, {@code caseName} (only when there is a case), {@code user},
 * {@code tmaRow}, {@code tmaCol}, {@code tmaSampleID} (only for answers on a TMA core: the SDK crashes on null),
 * {@code question}, {@code answer}, {@code lastModifiedOn}.
 */
public final class ResultsJsonWriter {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    public static void write(StringBuilder sb, long id, ResultRow r, Instant lastModifiedOn) {
        sb.append("{\"id\":").append(id).append(",\"imageID\":");
        sb.append(r.imageId() == null ? "null" : r.imageId().toString());
        sb.append(",\"imageName\":");
        string(sb, r.imageName() == null ? "" : r.imageName());
        if (r.caseName() != null) {
            sb.append(",\"caseName\":");
            string(sb, r.caseName());
        }
        sb.append(",\"user\":");
        string(sb, r.user());
        if (r.isTmaCore()) {
            sb.append(",\"tmaRow\":").append(r.tmaRow()).append(",\"tmaCol\":").append(r.tmaCol())
                    .append(",\"tmaSampleID\":");
            if (r.tmaSampleId() == null) {
                sb.append("\"\"");
            } else {
                string(sb, r.tmaSampleId());
            }
        }
        sb.append(",\"question\":");
        string(sb, r.question());
        sb.append(",\"answer\":");
        string(sb, r.answer());
        if (lastModifiedOn != null) {
            sb.append(",\"lastModifiedOn\":\"").append(lastModifiedOn).append('"');
        }
        sb.append('}');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        ENCODER.quoteAsString(s == null ? "" : s, sb);
        sb.append('"');
    }

    private ResultsJsonWriter() {
    }
}
