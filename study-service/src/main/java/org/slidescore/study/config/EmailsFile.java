package org.slidescore.study.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code study.<name>.emails}: one user per line, {@code email;right,right}. Rights are {@code viewonly},
 * {@code canscore} (the default when none is given), {@code cangetresults}, {@code canedit}. A user named twice gets
 * the union of the rights.
 */
public final class EmailsFile {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s;,]+@[^@\\s;,]+");
    public static final int MAX_EMAIL = 254;

    /** The users in file order, emails lower-cased; bad lines are reported in {@code log} and skipped. */
    public static List<StudyUserSpec> parse(String fileName, String content, ParseLog log) {
        Map<String, Set<StudyRight>> users = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (ConfigText.Line line : ConfigText.lines(fileName, content, log)) {
            if (line.isBlank()) {
                continue;
            }
            String text = line.text().trim();
            int semi = text.indexOf(';');
            String email = (semi < 0 ? text : text.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            String rightsText = semi < 0 ? "" : text.substring(semi + 1).trim();
            if (email.isEmpty()) {
                log.error(fileName, line.number(), "missing email before ';'");
                continue;
            }
            if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
                log.error(fileName, line.number(), "'" + shorten(email) + "' is not an email address");
                continue;
            }
            EnumSet<StudyRight> rights = EnumSet.noneOf(StudyRight.class);
            boolean bad = false;
            if (!rightsText.isEmpty()) {
                for (String word : rightsText.split("[,;]")) {
                    if (word.isBlank()) {
                        continue;
                    }
                    var right = StudyRight.fromWord(word);
                    if (right.isEmpty()) {
                        log.error(fileName, line.number(), "unknown right '" + shorten(word.trim())
                                + "' (allowed: viewonly, canscore, cangetresults, canedit)");
                        bad = true;
                    } else {
                        rights.add(right.get());
                    }
                }
            }
            if (bad) {
                continue;
            }
            if (rights.isEmpty()) {
                rights.add(StudyRight.CANSCORE);
            }
            Set<StudyRight> existing = users.get(email);
            if (existing != null) {
                log.warning(fileName, line.number(), email + " is already listed on line " + firstLine.get(email)
                        + "; rights are combined");
                existing.addAll(rights);
            } else {
                users.put(email, rights);
                firstLine.put(email, line.number());
            }
        }
        List<StudyUserSpec> out = new ArrayList<>();
        users.forEach((email, rights) -> out.add(new StudyUserSpec(email, rights)));
        return out;
    }

    /** The file text for these users: {@code email;right,right} lines in the given order. */
    public static String write(List<StudyUserSpec> users) {
        StringBuilder sb = new StringBuilder();
        for (StudyUserSpec u : users) {
            sb.append(u.email()).append(';');
            boolean first = true;
            for (StudyRight r : StudyRight.values()) {
                if (u.rights().contains(r)) {
                    if (!first) {
                        sb.append(',');
                    }
                    sb.append(r.word());
                    first = false;
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private EmailsFile() {
    }
}
