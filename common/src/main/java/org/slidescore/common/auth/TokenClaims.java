package org.slidescore.common.auth;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The claim layout of an API token, both ways. Rights are JSON booleans; readers also accept the strings
 * {@code "True"}/{@code "False"} that Slide Score's own tokens carry. Restriction lists are semicolon-separated
 * strings (a JSON array is accepted too).
 */
public final class TokenClaims {
    public static final String ID = "ID";
    public static final String NAME = "Name";
    public static final String VERSION = "Version";
    public static final String UPLOAD_ONLY_IN_FOLDERS = "CanUploadOnlyInFolders";
    public static final String READ_ONLY_STUDIES = "CanReadOnlyStudies";
    public static final String MODIFY_ONLY_STUDIES = "CanModifyOnlyStudies";

    /** Claims for a new token. {@code expiresAt} null = no {@code exp}. */
    public static JwtClaims toClaims(String id, String name, Collection<Right> rights, List<String> uploadOnlyInFolders,
                                     List<String> readOnlyStudies, List<String> modifyOnlyStudies, Instant issuedAt,
                                     Instant expiresAt) {
        JwtClaims c = new JwtClaims();
        c.setJwtId(id);
        c.setClaim(ID, id);
        c.setClaim(NAME, name == null ? "" : name);
        c.setClaim(VERSION, "1.0");
        Set<Right> set = rights == null || rights.isEmpty() ? EnumSet.noneOf(Right.class) : EnumSet.copyOf(rights);
        for (Right r : Right.values()) {
            c.setClaim(r.name(), set.contains(r));
        }
        c.setClaim(UPLOAD_ONLY_IN_FOLDERS, join(uploadOnlyInFolders));
        c.setClaim(READ_ONLY_STUDIES, join(readOnlyStudies));
        c.setClaim(MODIFY_ONLY_STUDIES, join(modifyOnlyStudies));
        c.setIssuedAt(NumericDate.fromMilliseconds(issuedAt.toEpochMilli()));
        if (expiresAt != null) {
            c.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        }
        return c;
    }

    /** Reads verified claims; {@code raw} is the JWT they came from. */
    public static ApiToken fromClaims(JwtClaims c, String raw) throws InvalidTokenException {
        try {
            String id = text(c.getClaimValue(ID));
            if (id == null || id.isBlank()) {
                id = c.getJwtId();
            }
            if (id == null || id.isBlank()) {
                throw new InvalidTokenException("invalid token: no token id");
            }
            EnumSet<Right> rights = EnumSet.noneOf(Right.class);
            for (Right r : Right.values()) {
                if (truthy(c.getClaimValue(r.name()))) {
                    rights.add(r);
                }
            }
            Instant exp = c.getExpirationTime() == null ? null
                    : Instant.ofEpochSecond(c.getExpirationTime().getValue());
            return new ApiToken(id, text(c.getClaimValue(NAME)), rights, list(c.getClaimValue(UPLOAD_ONLY_IN_FOLDERS)),
                    list(c.getClaimValue(READ_ONLY_STUDIES)), list(c.getClaimValue(MODIFY_ONLY_STUDIES)), exp, raw);
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("invalid token: malformed claims");
        }
    }

    static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        return v instanceof String s && (s.equalsIgnoreCase("true") || s.equals("1"));
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static List<String> list(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof Collection<?> items) {
            List<String> out = new ArrayList<>();
            for (Object o : items) {
                out.addAll(ApiToken.parseList(o == null ? null : o.toString()));
            }
            return out;
        }
        return ApiToken.parseList(v.toString());
    }

    private static String join(List<String> list) {
        return list == null ? "" : String.join(";", list);
    }

    private TokenClaims() {
    }
}
