package org.slidescore.upload.tus;

import io.vertx.core.buffer.Buffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/** {@code Upload-Checksum: <algorithm> <base64 digest>} of one PATCH body, computed while the body streams in. */
final class Checksum {
    private static final Map<String, String> ALGORITHMS = Map.of("sha1", "SHA-1", "md5", "MD5", "sha256", "SHA-256");

    private final String algorithm;
    private final byte[] expected;
    private final MessageDigest digest;

    private Checksum(String algorithm, byte[] expected, MessageDigest digest) {
        this.algorithm = algorithm;
        this.expected = expected;
        this.digest = digest;
    }

    /** Null when the header is absent; 400 for an unsupported algorithm or a digest that is not Base64. */
    static Checksum parse(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split(" +");
        if (parts.length != 2) {
            throw new TusException(400, "Upload-Checksum must be '<algorithm> <base64 digest>'");
        }
        String name = ALGORITHMS.get(parts[0]);
        if (name == null) {
            throw new TusException(400, "Checksum algorithm " + parts[0] + " is not supported; use one of "
                    + TusServer.CHECKSUM_ALGORITHMS);
        }
        try {
            MessageDigest md = MessageDigest.getInstance(name);
            byte[] expected = Base64.getDecoder().decode(parts[1]);
            if (expected.length != md.getDigestLength()) {
                throw new TusException(400, "Upload-Checksum digest has the wrong length for " + parts[0]);
            }
            return new Checksum(parts[0], expected, md);
        } catch (IllegalArgumentException e) {
            throw new TusException(400, "Upload-Checksum digest is not Base64");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String algorithm() {
        return algorithm;
    }

    void update(Buffer buf) {
        digest.update(buf.getByteBuf().nioBuffer());
    }

    boolean matches() {
        return MessageDigest.isEqual(expected, digest.digest());
    }
}
