package org.slidescore.gateway.admin;

import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.common.auth.TokenClaims;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a token to create, from the form of {@code POST /Admin/CreateToken} or the admin page: {@code name},
 * optional {@code expiresOn} (ISO date = midnight UTC of that day, or ISO date-time, with or without offset; UTC
 * when none), each right by its claim name ({@code true/false}, {@code on}, {@code 1/0}), each restriction list
 * by its claim name (semicolon-separated). Unknown fields are refused, so a misspelt right cannot silently
 * create a token without it.
 */
public record TokenRequest(String name, Set<Right> rights, List<String> uploadOnlyInFolders,
                           List<String> readOnlyStudies, List<String> modifyOnlyStudies, Instant expiresOn) {

    /** A refused field; the message names it. */
    public static class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses {@code form} (first values); {@code ignored} names (e.g. the page's csrf field) are skipped. */
    public static TokenRequest parse(Map<String, List<String>> form, Set<String> ignored, Instant now) {
        String name = null;
        Instant expires = null;
        EnumSet<Right> rights = EnumSet.noneOf(Right.class);
        List<String> folders = List.of();
        List<String> read = List.of();
        List<String> modify = List.of();
        for (var e : form.entrySet()) {
            String field = e.getKey();
            String value = e.getValue() == null || e.getValue().isEmpty() ? "" : e.getValue().get(0);
            value = value == null ? "" : value.trim();
            if (ignored.contains(field)) {
                continue;
            }
            if (field.equalsIgnoreCase("name")) {
                name = value;
            } else if (field.equalsIgnoreCase("expiresOn")) {
                expires = value.isEmpty() ? null : parseExpiry(value);
            } else if (field.equalsIgnoreCase(TokenClaims.UPLOAD_ONLY_IN_FOLDERS)) {
                folders = ApiToken.parseList(value);
            } else if (field.equalsIgnoreCase(TokenClaims.READ_ONLY_STUDIES)) {
                read = ApiToken.parseList(value);
            } else if (field.equalsIgnoreCase(TokenClaims.MODIFY_ONLY_STUDIES)) {
                modify = ApiToken.parseList(value);
            } else {
                Right right = Right.byClaim(field);
                if (right == null) {
                    throw new Invalid("Unknown field " + field);
                }
                if (bool(field, value)) {
                    rights.add(right);
                }
            }
        }
        if (name == null || name.isEmpty()) {
            throw new Invalid("Field name is required");
        }
        if (name.length() > 200) {
            throw new Invalid("Field name is longer than 200 characters");
        }
        if (expires != null && !expires.isAfter(now)) {
            throw new Invalid("Field expiresOn is in the past");
        }
        for (String folder : folders) {
            if (folder.replace('\\', '/').matches("(^|.*/)\\.\\.(/.*|$)")) {
                throw new Invalid("Field " + TokenClaims.UPLOAD_ONLY_IN_FOLDERS + " may not contain ..");
            }
        }
        return new TokenRequest(name, rights, folders, read, modify, expires);
    }

    private static boolean bool(String field, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes":
                return true;
            case "false", "off", "0", "no", "":
                return false;
            default:
                throw new Invalid("Field " + field + " must be true or false");
        }
    }

    static Instant parseExpiry(String value) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new Invalid("Field expiresOn must be an ISO date like 2027-06-05 or 2027-06-05T12:00:00Z");
        }
    }
}
