package org.slidescore.testsupport;

import org.slidescore.common.auth.PemKeys;
import org.slidescore.common.auth.Right;
import org.slidescore.common.auth.TokenSigner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Mints API tokens for tests, signed with the test key pair shipped in this module
 * ({@code slidescore-test-keys/private.pem}, {@code public.pem}); {@link JwtKeysResource} points
 * {@code slidescore.jwt.public-key-location} (and the gateway's private key) at the same pair.
 * <pre>
 * String jwt = TestTokens.with(Right.CanGetPixels);                     // 1 h, no restrictions
 * String jwt = TestTokens.builder().rights(Right.CanUpload).uploadOnlyInFolders("a", "b").sign();
 * given().header("Authorization", TestTokens.bearer(jwt))...
 * </pre>
 */
public final class TestTokens {
    public static final String PRIVATE_KEY_RESOURCE = "slidescore-test-keys/private.pem";
    public static final String PUBLIC_KEY_RESOURCE = "slidescore-test-keys/public.pem";

    private static Path privateKeyFile;
    private static Path publicKeyFile;
    private static TokenSigner signer;
    private static TokenSigner strangerSigner;

    /** A token with every right, no restrictions, valid for an hour. */
    public static String all() {
        return builder().allRights().sign();
    }

    /** A token with exactly these rights, no restrictions, valid for an hour. */
    public static String with(Right... rights) {
        return builder().rights(rights).sign();
    }

    /** A valid token without any right. */
    public static String none() {
        return builder().sign();
    }

    /** A token with every right that expired an hour ago. */
    public static String expired() {
        return builder().allRights().expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
    }

    /** A well-formed token with every right, signed by a key nobody trusts. */
    public static synchronized String badSignature() {
        if (strangerSigner == null) {
            strangerSigner = new TokenSigner(PemKeys.generateRsa().getPrivate());
        }
        return builder().allRights().sign(strangerSigner);
    }

    /** {@code "Bearer " + jwt}. */
    public static String bearer(String jwt) {
        return "Bearer " + jwt;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The test public key as a file (copied from the classpath once per JVM). */
    public static synchronized Path publicKeyFile() {
        copyKeys();
        return publicKeyFile;
    }

    /** The test private key as a file (for the gateway under test). */
    public static synchronized Path privateKeyFile() {
        copyKeys();
        return privateKeyFile;
    }

    /** The signer holding the test private key. */
    public static synchronized TokenSigner signer() {
        if (signer == null) {
            try {
                signer = new TokenSigner(PemKeys.readPrivateKey("classpath:" + PRIVATE_KEY_RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return signer;
    }

    private static void copyKeys() {
        if (publicKeyFile != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("slidescore-test-keys");
            dir.toFile().deleteOnExit();
            Path pub = dir.resolve("public.pem");
            Path priv = dir.resolve("private.pem");
            copy(PUBLIC_KEY_RESOURCE, pub);
            copy(PRIVATE_KEY_RESOURCE, priv);
            pub.toFile().deleteOnExit();
            priv.toFile().deleteOnExit();
            publicKeyFile = pub;
            privateKeyFile = priv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Chooses id, name, rights, restrictions and expiry of one token. */
    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private String name = "test token";
        private final Set<Right> rights = EnumSet.noneOf(Right.class);
        private final List<String> uploadOnlyInFolders = new ArrayList<>();
        private final List<String> readOnlyStudies = new ArrayList<>();
        private final List<String> modifyOnlyStudies = new ArrayList<>();
        private Instant expiresAt = Instant.now().plus(Duration.ofHours(1));

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder rights(Right... rights) {
            this.rights.addAll(Arrays.asList(rights));
            return this;
        }

        public Builder allRights() {
            this.rights.addAll(EnumSet.allOf(Right.class));
            return this;
        }

        /** Every right except these. */
        public Builder allRightsExcept(Right... rights) {
            allRights();
            Arrays.asList(rights).forEach(this.rights::remove);
            return this;
        }

        public Builder uploadOnlyInFolders(String... folders) {
            uploadOnlyInFolders.addAll(Arrays.asList(folders));
            return this;
        }

        /** Study ids (as strings) or names. */
        public Builder readOnlyStudies(String... studies) {
            readOnlyStudies.addAll(Arrays.asList(studies));
            return this;
        }

        /** Study ids (as strings) or names. */
        public Builder modifyOnlyStudies(String... studies) {
            modifyOnlyStudies.addAll(Arrays.asList(studies));
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder expiresIn(Duration d) {
            this.expiresAt = Instant.now().plus(d);
            return this;
        }

        public Builder noExpiry() {
            this.expiresAt = null;
            return this;
        }

        public String id() {
            return id;
        }

        /** The signed JWT. */
        public String sign() {
            return sign(signer());
        }

        /** {@code "Bearer <jwt>"}. */
        public String bearer() {
            return TestTokens.bearer(sign());
        }

        String sign(TokenSigner with) {
            return with.sign(id, name, rights, uploadOnlyInFolders, readOnlyStudies, modifyOnlyStudies, expiresAt);
        }
    }

    private TestTokens() {
    }
}
