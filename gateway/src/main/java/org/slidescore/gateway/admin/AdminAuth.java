package org.slidescore.gateway.admin;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The site administrator: HTTP Basic {@code admin:<password>}. The password comes from
 * {@code slidescore.admin.password} (env {@code SLIDESCORE_ADMIN_PASSWORD}); else from the file
 * {@code slidescore.admin.password-file}, generated there (owner-only) on first start.
 */
@Startup
@ApplicationScoped
public class AdminAuth {
    public static final String USER = "admin";
    private final byte[] expected;
    private final String csrf;

    public AdminAuth(@ConfigProperty(name = "slidescore.admin.password") Optional<String> password,
                     @ConfigProperty(name = "slidescore.admin.password-file") Optional<String> passwordFile) {
        String pw = password.filter(s -> !s.isBlank()).orElseGet(() -> fromFile(passwordFile.orElse(
                System.getProperty("user.home") + "/.slidescore/admin-password")));
        this.expected = (USER + ":" + pw).getBytes(StandardCharsets.UTF_8);
        this.csrf = hmac(pw);
    }

    private static String fromFile(String file) {
        Path p = Path.of(file);
        try {
            if (Files.isRegularFile(p)) {
                String pw = Files.readString(p, StandardCharsets.UTF_8).trim();
                if (!pw.isEmpty()) {
                    return pw;
                }
            }
            byte[] random = new byte[15];
            new SecureRandom().nextBytes(random);
            String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            if (p.toAbsolutePath().getParent() != null) {
                Files.createDirectories(p.toAbsolutePath().getParent());
            }
            Files.writeString(p, pw + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
            Log.infof("generated the admin password into %s (user %s)", p, USER);
            return pw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin password file " + file, e);
        }
    }

    /** Whether an {@code Authorization} header carries the admin's credentials. */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, expected);
    }

    /** Throws 401 with a Basic challenge unless the header holds the admin's credentials. */
    public void require(String authorization) {
        if (!accepts(authorization)) {
            throw new WebApplicationException(Response.status(401)
                    .header("WWW-Authenticate", "Basic realm=\"Slide Score admin\", charset=\"UTF-8\"")
                    .type("text/plain;charset=utf-8").entity("admin credentials required").build());
        }
    }

    /** The anti-CSRF value the admin page embeds in its forms (derived from the password, so it survives restarts). */
    public String csrfToken() {
        return csrf;
    }

    private static String hmac(String pw) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(pw.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("slidescore-admin-csrf".getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
