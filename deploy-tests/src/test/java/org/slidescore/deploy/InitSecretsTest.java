package org.slidescore.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/compose/init-secrets.sh makes what docker-compose.yml mounts: a working key pair, passwords, env file. */
class InitSecretsTest {
    @TempDir
    Path dir;

    static String run(Path secrets, String adminPassword) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Project.root().resolve("deploy/compose/init-secrets.sh").toString())
                .redirectErrorStream(true);
        pb.environment().put("SECRETS_DIR", secrets.toString());
        pb.environment().put("SLIDESCORE_ADMIN_PASSWORD", adminPassword);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "init-secrets.sh hangs");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    static byte[] pem(Path file) throws Exception {
        String body = Files.readString(file).lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
        return Base64.getDecoder().decode(body);
    }

    @Test
    void generatesAMatchingKeyPairPasswordsAndTheServiceEnvFileOnceOnly() throws Exception {
        Path secrets = dir.resolve("secrets");
        run(secrets, "first-admin-pw");
        for (String f : List.of("jwt-private.pem", "jwt-public.pem", "admin-password", "pg-password", "service.env")) {
            assertTrue(Files.size(secrets.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(secrets.resolve("jwt-private.pem")).startsWith("-----BEGIN PRIVATE KEY-----"),
                "PKCS#8, as the gateway reads it");
        assertTrue(Files.readString(secrets.resolve("jwt-public.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(secrets.resolve("jwt-private.pem"))));
        PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(pem(secrets.resolve("jwt-public.pem"))));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(priv);
        signer.update("token".getBytes(StandardCharsets.UTF_8));
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pub);
        verifier.update("token".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(signature), "the public key verifies what the private key signs");

        assertEquals("first-admin-pw", Files.readString(secrets.resolve("admin-password")).trim());
        Map<String, String> env = Files.readAllLines(secrets.resolve("service.env")).stream()
                .map(l -> l.split("=", 2)).collect(Collectors.toMap(a -> a[0], a -> a[1]));
        assertEquals(Files.readString(secrets.resolve("pg-password")).trim(), env.get("PG_PASSWORD"),
                "the services log in with the password PostgreSQL was initialised with");
        assertTrue(env.get("SLIDESCORE_TILE_TOKEN_SECRET").length() >= 32);

        byte[] key = Files.readAllBytes(secrets.resolve("jwt-private.pem"));
        run(secrets, "second-admin-pw");
        assertArrayEquals(key, Files.readAllBytes(secrets.resolve("jwt-private.pem")), "kept on a second run");
        assertEquals("first-admin-pw", Files.readString(secrets.resolve("admin-password")).trim());
    }
}
