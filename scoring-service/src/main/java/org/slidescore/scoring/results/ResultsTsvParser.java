package org.slidescore.scoring.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads UploadResults text: one answer per line, TAB-separated, in one of the layouts the SDK documents
 * ({@code SlideScoreResult.toRow}), told apart by the number of columns:
 * <pre>
 * 4: CaseName  By  Question  Answer
 * 5: ImageID  Name  By  Question  Answer
 * 6: CaseName  ImageID  Name  By  Question  Answer
 * 8: ImageID  Name  By  TMA Row  TMA Col  TMA Sample  Question  Answer
 * 9: CaseName  ImageID  Name  By  TMA Row  TMA Col  TMA Sample  Question  Answer
 * </pre>
 * Blank lines are skipped (the SDK starts its text with a newline), and so is a header line whose first column is
 * {@code ImageID} or {@code CaseName} (a downloaded results file uploaded as it is). Line numbers in errors count every
 * line of the text, starting at 1. ImageID {@code 0} or empty means a case-level answer.
 */
public final class ResultsTsvParser {
    /** Most rows accepted in one upload. */
    public static final int MAX_ROWS = 2_000_000;

    public static List<ResultRow> parse(String text) {
        List<ResultRow> rows = new ArrayList<>();
        if (text == null) {
            return rows;
        }
        int lineNo = 0;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            lineNo++;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            start = end + 1;
            if (line.isBlank() || isHeader(line)) {
                continue;
            }
            if (rows.size() >= MAX_ROWS) {
                throw new ResultsFormatException(lineNo, "more than " + MAX_ROWS + " rows in one upload");
            }
            rows.add(parseLine(lineNo, line));
        }
        return rows;
    }

    static boolean isHeader(String line) {
        String first = line.split("\t", 2)[0].trim().toLowerCase(Locale.ROOT);
        return first.equals("imageid") || first.equals("casename");
    }

    static ResultRow parseLine(int lineNo, String line) {
        String[] c = line.split("\t", -1);
        return switch (c.length) {
            case 4 -> caseRow(lineNo, c[0], c[1], c[2], c[3]);
            case 5 -> {
                // The SDK writes a case-level row as CaseName, CaseName, By, Question, Answer (it repeats the case
                // name where the 4-column layout has one column); accept that form as the case-level row it means.
                if (!isImageId(c[0]) && c[0].equals(c[1])) {
                    yield caseRow(lineNo, c[1], c[2], c[3], c[4]);
                }
                yield row(lineNo, null, c[0], c[1], c[2], null, null, null, c[3], c[4]);
            }
            case 6 -> row(lineNo, c[0], c[1], c[2], c[3], null, null, null, c[4], c[5]);
            case 8 -> row(lineNo, null, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
            case 9 -> row(lineNo, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
            default -> throw new ResultsFormatException(lineNo, "expected 4, 5, 6, 8 or 9 TAB-separated columns, found "
                    + c.length);
        };
    }

    private static ResultRow caseRow(int lineNo, String caseName, String user, String question, String answer) {
        String cn = required(lineNo, caseName, "case name");
        return new ResultRow(lineNo, cn, null, null, required(lineNo, user, "user"),
                null, null, null, required(lineNo, question, "question"), answer);
    }

    private static ResultRow row(int lineNo, String caseName, String imageId, String imageName, String user,
                                 String tmaRow, String tmaCol, String tmaSample, String question, String answer) {
        Long id = imageId(lineNo, imageId);
        String cn = caseName == null || caseName.isBlank() ? null : caseName.trim();
        if (id == null && cn == null) {
            throw new ResultsFormatException(lineNo, "a row without an image (ImageID 0) needs a case name");
        }
        Integer row = null;
        Integer col = null;
        String sample = null;
        boolean tmaGiven = tmaRow != null && !(tmaRow.isBlank() && tmaCol.isBlank() && blankSample(tmaSample));
        if (tmaGiven) {
            if (id == null) {
                throw new ResultsFormatException(lineNo, "a TMA core needs an image (ImageID is 0 or empty)");
            }
            row = tmaIndex(lineNo, tmaRow, "TMA row");
            col = tmaIndex(lineNo, tmaCol, "TMA column");
            sample = blankSample(tmaSample) ? null : tmaSample.trim();
        }
        return new ResultRow(lineNo, cn, id, imageName == null ? null : imageName.trim(),
                required(lineNo, user, "user"), row, col, sample, required(lineNo, question, "question"), answer);
    }

    /** The SDK writes Python's {@code None} for a missing sample id. */
    private static boolean blankSample(String s) {
        return s == null || s.isBlank() || s.trim().equals("None");
    }

    private static boolean isImageId(String s) {
        String t = s.trim();
        return t.isEmpty() || t.chars().allMatch(Character::isDigit);
    }

    private static Long imageId(int lineNo, String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return null;
        }
        long id;
        try {
            id = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ResultsFormatException(lineNo, "ImageID \"" + shorten(t) + "\" is not a number");
        }
        if (id < 0) {
            throw new ResultsFormatException(lineNo, "ImageID " + id + " is negative");
        }
        return id == 0 ? null : id;
    }

    private static int tmaIndex(int lineNo, String s, String what) {
        String t = s == null ? "" : s.trim();
        try {
            int v = Integer.parseInt(t);
            if (v < 0) {
                throw new ResultsFormatException(lineNo, what + " " + v + " is negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ResultsFormatException(lineNo, what + " \"" + shorten(t) + "\" is not a number");
        }
    }

    private static String required(int lineNo, String s, String what) {
        if (s == null || s.isBlank()) {
            throw new ResultsFormatException(lineNo, "empty " + what);
        }
        return s.trim();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private ResultsTsvParser() {
    }
}
