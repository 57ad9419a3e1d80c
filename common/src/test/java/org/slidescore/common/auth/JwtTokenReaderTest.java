package org.slidescore.common.auth;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtTokenReaderTest {
    private static KeyPair rsa;
    private static KeyPair ec;
    private static KeyPair other;
    private final Set<String> revoked = new HashSet<>();

    @BeforeAll
    static void keys() throws Exception {
        rsa = PemKeys.generateRsa();
        other = PemKeys.generateRsa();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ec = g.generateKeyPair();
    }

    private JwtTokenReader reader(KeyPair pair) {
        return new JwtTokenReader(pair.getPublic(), revoked::contains, Clock.systemUTC());
    }

    private static String mint(KeyPair pair, String id, Instant exp) {
        return new TokenSigner(pair.getPrivate()).sign(id, "my token", EnumSet.of(Right.CanGetPixels, Right.CanUpload),
                List.of("f1", "f2/sub"), List.of("3", "Lung"), List.of(), exp);
    }

    private static String reason(JwtTokenReader r, String header) {
        return assertThrows(InvalidTokenException.class, () -> r.verifyHeader(header)).getMessage();
    }

    @Test
    void rs256RoundTripCarriesEveryClaim() throws Exception {
        String jwt = mint(rsa, "id-1", Instant.now().plus(Duration.ofHours(1)));
        ApiToken t = reader(rsa).verifyHeader("Bearer " + jwt);
        assertEquals("id-1", t.id());
        assertEquals("my token", t.name());
        assertEquals(EnumSet.of(Right.CanGetPixels, Right.CanUpload), t.rights());
        assertEquals(List.of("f1", "f2/sub"), t.uploadOnlyInFolders());
        assertEquals(List.of("3", "Lung"), t.readOnlyStudies());
        assertEquals(List.of(), t.modifyOnlyStudies());
        assertEquals(jwt, t.raw());
        assertTrue(t.expiresAt().isAfter(Instant.now()));
    }

    @Test
    void es256Works() throws Exception {
        String jwt = mint(ec, "id-ec", null);
        assertEquals("ES256", new TokenSigner(ec.getPrivate()).algorithm());
        ApiToken t = reader(ec).verify(jwt);
        assertEquals("id-ec", t.id());
        assertNull(t.expiresAt());
    }

    @Test
    void suffixAfterHashAndSchemeCaseAreIgnored() throws Exception {
        String jwt = mint(rsa, "id-2", Instant.now().plus(Duration.ofHours(1)));
        JwtTokenReader r = reader(rsa);
        assertEquals("id-2", r.verifyHeader("Bearer " + jwt + "#expires:2027-06-05T00:00:00").id());
        assertEquals("id-2", r.verifyHeader("bearer   " + jwt + " ").id());
    }

    @Test
    void refusalsSayWhy() {
        JwtTokenReader r = reader(rsa);
        assertEquals("missing bearer token", reason(r, null));
        assertEquals("missing bearer token", reason(r, "  "));
        assertEquals("Authorization must be Bearer <token>", reason(r, "Basic YWRtaW46eA=="));
        assertEquals("missing bearer token", reason(r, "Bearer #x"));
        assertEquals("malformed token", reason(r, "Bearer not-a-jwt"));
        assertEquals("malformed token", reason(r, "Bearer a.b.c"));
        assertEquals("bad token signature", reason(r, "Bearer " + mint(other, "x", null)));
        assertEquals("token expired", reason(r, "Bearer " + mint(rsa, "x", Instant.now().minus(Duration.ofHours(1)))));
    }

    @Test
    void aSignatureFromTheOtherAlgorithmIsRefused() {
        String ecToken = mint(ec, "x", null);
        assertThrows(InvalidTokenException.class, () -> reader(rsa).verify(ecToken));
    }

    @Test
    void unsignedTokensAreRefused() {
        String jwt = mint(rsa, "x", null);
        String[] parts = jwt.split("\\.");
        String noneHeader = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes());
        assertThrows(InvalidTokenException.class, () -> reader(rsa).verify(noneHeader + "." + parts[1] + "."));
    }

    @Test
    void revocationIsCheckedOnEveryCallEvenWhenCached() throws Exception {
        String jwt = mint(rsa, "id-r", Instant.now().plus(Duration.ofHours(1)));
        JwtTokenReader r = reader(rsa);
        r.verify(jwt);
        revoked.add("id-r");
        assertEquals("token revoked", reason(r, "Bearer " + jwt));
    }

    @Test
    void cachedTokensStillExpire() throws Exception {
        Instant exp = Instant.now().plus(Duration.ofMinutes(5));
        String jwt = mint(rsa, "id-e", exp);
        Clock late = Clock.fixed(exp.plus(Duration.ofMinutes(2)), java.time.ZoneOffset.UTC);
        JwtTokenReader r = new JwtTokenReader(rsa.getPublic(), revoked::contains, late);
        assertEquals("token expired", reason(r, "Bearer " + jwt));
    }

    @Test
    void slideScoreStyleStringBooleansAreRead() throws Exception {
        JwtClaims c = new JwtClaims();
        c.setClaim("ID", "77");
        c.setClaim("Name", "legacy");
        c.setClaim("CanGetPixels", "True");
        c.setClaim("CanUpload", "False");
        c.setClaim("CanReadOnlyStudies", "");
        c.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        String jwt = new TokenSigner(rsa.getPrivate()).sign(c);
        ApiToken t = reader(rsa).verify(jwt);
        assertEquals(EnumSet.of(Right.CanGetPixels), t.rights());
        assertEquals("77", t.id());
    }

    @Test
    void aTokenWithoutIdIsMalformed() {
        JwtClaims c = new JwtClaims();
        c.setClaim("Name", "anonymous");
        String jwt = new TokenSigner(rsa.getPrivate()).sign(c);
        assertThrows(InvalidTokenException.class, () -> reader(rsa).verify(jwt));
    }

    @Test
    void pemFilesRoundTrip() throws Exception {
        Path dir = Files.createTempDirectory("pem");
        PemKeys.write(rsa, dir.resolve("k/private.pem"), dir.resolve("k/public.pem"));
        assertEquals(rsa.getPublic(), PemKeys.readPublicKey(dir.resolve("k/public.pem").toString()));
        assertEquals(rsa.getPrivate(), PemKeys.readPrivateKey(dir.resolve("k/private.pem").toString()));
        Path ecDir = Files.createTempDirectory("pem-ec");
        PemKeys.write(ec, ecDir.resolve("p.pem"), ecDir.resolve("q.pem"));
        assertEquals(ec.getPublic(), PemKeys.readPublicKey(ecDir.resolve("q.pem").toString()));
        assertTrue(PemKeys.exists(dir.resolve("k/public.pem").toString()));
        Files.writeString(dir.resolve("junk.pem"), "hello");
        assertThrows(java.io.IOException.class, () -> PemKeys.readPublicKey(dir.resolve("junk.pem").toString()));
    }

    @Test
    void revokedTokensForgetExpiredEntries() {
        RevokedTokens r = new RevokedTokens();
        r.revoke("a", Instant.now().minus(Duration.ofHours(1)));
        r.revoke("b", null);
        r.revoke("c", Instant.now().plus(Duration.ofHours(1)));
        assertTrue(r.isRevoked("a"));
        r.forgetExpired(Instant.now());
        assertEquals(false, r.isRevoked("a"));
        assertTrue(r.isRevoked("b"));
        assertTrue(r.isRevoked("c"));
    }
}
