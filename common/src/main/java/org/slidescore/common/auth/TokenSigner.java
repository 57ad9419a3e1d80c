package org.slidescore.common.auth;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Mints API tokens (RS256 for an RSA key, ES256 for an EC P-256 key). Used by the gateway and by tests. */
public final class TokenSigner {
    private final PrivateKey key;
    private final String algorithm;

    public TokenSigner(PrivateKey key) {
        this.key = key;
        this.algorithm = PemKeys.algorithm(key);
    }

    /** A signed JWT carrying these claims; {@code expiresAt} null = never expires. */
    public String sign(String id, String name, Collection<Right> rights, List<String> uploadOnlyInFolders,
                       List<String> readOnlyStudies, List<String> modifyOnlyStudies, Instant expiresAt) {
        return sign(TokenClaims.toClaims(id, name, rights, uploadOnlyInFolders, readOnlyStudies, modifyOnlyStudies,
                Instant.now(), expiresAt));
    }

    /** Signs arbitrary claims (tests use it to build odd tokens). */
    public String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    public String algorithm() {
        return algorithm;
    }
}
