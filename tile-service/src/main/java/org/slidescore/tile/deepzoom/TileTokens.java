package org.slidescore.tile.deepzoom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived tile links bound to one image, checked without any database: {@code urlPart} is
 * {@code <expiry epoch seconds>-<HMAC-SHA256(secret, "u|imageId|expiry") base64url>} and the cookie part
 * {@code <expiry>-<HMAC(secret, "c|imageId|expiry")>}. A request needs a valid url part; when it also sends cookie
 * {@code t} that cookie must match too. Also signed here: {@code GenerateSlideFileURL} file links and QuPath links.
 */
public final class TileTokens {
    public enum Verdict { VALID, INVALID, EXPIRED }

    public record Issued(String urlPart, String cookiePart, Instant expiresOn) {
    }

    private final SecretKeySpec key;

    public TileTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the tile token secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public Issued issue(long imageId, Instant expiresOn) {
        long exp = expiresOn.getEpochSecond();
        return new Issued(exp + "-" + mac("u|" + imageId + "|" + exp), exp + "-" + mac("c|" + imageId + "|" + exp),
                Instant.ofEpochSecond(exp));
    }

    /** @param cookie the {@code t} cookie, or null when the client sent none */
    public Verdict check(long imageId, String urlPart, String cookie, Instant now) {
        Long exp = verify("u", imageId, urlPart);
        if (exp == null) {
            return Verdict.INVALID;
        }
        if (cookie != null && !cookie.isEmpty() && !java.util.Objects.equals(verify("c", imageId, cookie), exp)) {
            return Verdict.INVALID;
        }
        return now.getEpochSecond() >= exp ? Verdict.EXPIRED : Verdict.VALID;
    }

    /** A link to a slide file by path (GenerateSlideFileURL): {@code <base64url(path)>.<expiry>.<HMAC>}. */
    public String issueFile(String path, Instant expiresOn) {
        long exp = expiresOn.getEpochSecond();
        String p = Base64.getUrlEncoder().withoutPadding().encodeToString(path.getBytes(StandardCharsets.UTF_8));
        return p + "." + exp + "." + mac("f|" + p + "|" + exp);
    }

    /** The path of a valid file link; null for a forged or malformed one; {@link ExpiredLinkException} when expired. */
    public String checkFile(String token, Instant now) {
        String[] parts = verifyDotted(token, 12_000, 1, now, (exp, p) -> "f|" + p[0] + "|" + exp);
        return parts == null ? null : decode(parts[0]);
    }

    /**
     * A QuPath link's token path segment, bound to one image and to the API token that asked for it (so revoking that
     * token ends the link): {@code <expiry>.<base64url(tokenId)>.<HMAC(secret, "q|imageId|expiry|tokenId")>}.
     */
    public String issueQupath(long imageId, String tokenId, Instant expiresOn) {
        long exp = expiresOn.getEpochSecond();
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenId.getBytes(StandardCharsets.UTF_8));
        return exp + "." + id + "." + mac("q|" + imageId + "|" + exp + "|" + id);
    }

    /**
     * The id of the API token behind a valid QuPath link to {@code imageId}; null for a forged, malformed or other
     * image's link; {@link ExpiredLinkException} when it has expired.
     */
    public String checkQupath(long imageId, String token, Instant now) {
        String[] parts = verifyDotted(token, 1000, 0, now, (exp, p) -> "q|" + imageId + "|" + exp + "|" + p[1]);
        return parts == null ? null : decode(parts[1]);
    }

    /**
     * The three parts of a {@code a.b.<HMAC>} token whose part {@code expiryPart} is the expiry in epoch seconds and
     * whose HMAC is that of {@code signed(expiry, parts)}; null for a forged or malformed one;
     * {@link ExpiredLinkException} when it has expired.
     */
    private String[] verifyDotted(String token, int maxLength, int expiryPart, Instant now,
                                  java.util.function.BiFunction<Long, String[], String> signed) {
        if (token == null || token.length() > maxLength) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        long exp;
        try {
            exp = Long.parseLong(parts[expiryPart]);
        } catch (NumberFormatException e) {
            return null;
        }
        byte[] expected = mac(signed.apply(exp, parts)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        if (now.getEpochSecond() >= exp) {
            throw new ExpiredLinkException();
        }
        return parts;
    }

    private static String decode(String base64url) {
        try {
            return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static final class ExpiredLinkException extends RuntimeException {
        public ExpiredLinkException() {
            super("this link has expired", null, false, false);
        }
    }

    private Long verify(String kind, long imageId, String token) {
        if (token == null || token.length() > 200) {
            return null;
        }
        int dash = token.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        long exp;
        try {
            exp = Long.parseLong(token.substring(0, dash));
        } catch (NumberFormatException e) {
            return null;
        }
        byte[] expected = mac(kind + "|" + imageId + "|" + exp).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dash + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? exp : null;
    }

    private String mac(String data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            byte[] h = m.doFinal(data.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 20));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
