package org.slidescore.common.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM key files for token signing: {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) and {@code PRIVATE KEY}
 * (PKCS#8), RSA or EC P-256. A location is a file path, or {@code classpath:<resource>}.
 */
public final class PemKeys {

    public static PublicKey readPublicKey(String location) throws IOException {
        byte[] der = der(read(location), "PUBLIC KEY", location);
        return (PublicKey) decode(der, true, location);
    }

    public static PrivateKey readPrivateKey(String location) throws IOException {
        byte[] der = der(read(location), "PRIVATE KEY", location);
        return (PrivateKey) decode(der, false, location);
    }

    /** Whether a key location names something readable. */
    public static boolean exists(String location) {
        if (location == null || location.isBlank()) {
            return false;
        }
        if (location.startsWith("classpath:")) {
            return PemKeys.class.getClassLoader().getResource(location.substring("classpath:".length())) != null;
        }
        return Files.isReadable(Path.of(location));
    }

    /** The JWS algorithm for a key: RS256 for RSA, ES256 for EC. */
    public static String algorithm(Key key) {
        if (key instanceof RSAKey) {
            return "RS256";
        }
        if (key instanceof ECKey) {
            return "ES256";
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    }

    public static KeyPair generateRsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String toPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** Writes a key pair as two PEM files (the private one readable by the owner only, where the file system allows). */
    public static void write(KeyPair pair, Path privateKeyFile, Path publicKeyFile) throws IOException {
        if (privateKeyFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
        }
        if (publicKeyFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(publicKeyFile.toAbsolutePath().getParent());
        }
        Files.writeString(privateKeyFile, toPem(pair.getPrivate()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(privateKeyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(publicKeyFile, toPem(pair.getPublic()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String read(String location) throws IOException {
        if (location == null || location.isBlank()) {
            throw new IOException("no key location configured");
        }
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            try (InputStream in = PemKeys.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no classpath resource " + resource);
                }
                return new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII);
            }
        }
        Path p = Path.of(location);
        if (Files.size(p) > 64 * 1024) {
            throw new IOException("key file too large: " + location);
        }
        return Files.readString(p, StandardCharsets.US_ASCII);
    }

    private static byte[] der(String pem, String type, String location) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(location + " holds no " + type + " PEM block");
        }
        String body = pem.substring(b + begin.length(), e).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException ex) {
            throw new IOException(location + ": bad base64 in PEM", ex);
        }
    }

    private static Key decode(byte[] der, boolean isPublic, String location) throws IOException {
        for (String alg : new String[]{"RSA", "EC"}) {
            try {
                KeyFactory f = KeyFactory.getInstance(alg);
                return isPublic ? f.generatePublic(new X509EncodedKeySpec(der))
                        : f.generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IOException(location + " is neither an RSA nor an EC key");
    }

    private PemKeys() {
    }
}
