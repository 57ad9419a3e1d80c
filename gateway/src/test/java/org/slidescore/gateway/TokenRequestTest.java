package org.slidescore.gateway;

import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.gateway.admin.TokenRequest;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenRequestTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TokenRequest parse(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1]));
        }
        return TokenRequest.parse(m, Set.of("csrf"), NOW);
    }

    @Test
    void fieldsByClaimName() {
        TokenRequest r = parse("name", "n", "CanUpload", "true", "cangetpixels", "on", "CanGetScores", "0",
                "CanReadOnlyStudies", "1; Lung", "CanModifyOnlyStudies", "", "CanUploadOnlyInFolders", "a;b", "csrf", "x");
        assertEquals("n", r.name());
        assertEquals(EnumSet.of(Right.CanUpload, Right.CanGetPixels), r.rights());
        assertEquals(List.of("1", "Lung"), r.readOnlyStudies());
        assertEquals(List.of(), r.modifyOnlyStudies());
        assertEquals(List.of("a", "b"), r.uploadOnlyInFolders());
        assertNull(r.expiresOn());
    }

    @Test
    void expiryForms() {
        assertEquals(Instant.parse("2027-06-05T00:00:00Z"), parse("name", "n", "expiresOn", "2027-06-05").expiresOn());
        assertEquals(Instant.parse("2027-06-05T12:30:00Z"),
                parse("name", "n", "expiresOn", "2027-06-05T12:30:00").expiresOn());
        assertEquals(Instant.parse("2027-06-05T10:30:00Z"),
                parse("name", "n", "expiresOn", "2027-06-05T12:30:00+02:00").expiresOn());
        assertEquals(Instant.parse("2027-06-05T12:30:00Z"),
                parse("name", "n", "expiresOn", "2027-06-05T12:30:00Z").expiresOn());
    }

    @Test
    void refusals() {
        assertEquals("Field name is required", assertThrows(TokenRequest.Invalid.class, () -> parse()).getMessage());
        assertEquals("Field name is required",
                assertThrows(TokenRequest.Invalid.class, () -> parse("name", " ")).getMessage());
        assertEquals("Unknown field Foo",
                assertThrows(TokenRequest.Invalid.class, () -> parse("name", "n", "Foo", "1")).getMessage());
        assertEquals("Field expiresOn is in the past",
                assertThrows(TokenRequest.Invalid.class, () -> parse("name", "n", "expiresOn", "2025-01-01")).getMessage());
        assertThrows(TokenRequest.Invalid.class, () -> parse("name", "n", "expiresOn", "05/06/2027"));
        assertThrows(TokenRequest.Invalid.class, () -> parse("name", "x".repeat(201)));
        assertThrows(TokenRequest.Invalid.class, () -> parse("name", "n", "CanUploadOnlyInFolders", "..\\x"));
    }
}
