package org.slidescore.upload;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slidescore.upload.TestUploads.bytes;

/**
 * Every case of {@link Sha256WhileUploadingTest} again, with request bodies written on worker threads
 * ({@code slidescore.upload.inline-writes=false}) and a background fdatasync after every MiB
 * ({@code slidescore.upload.flush-every}): the file and its sha256 come out the same as with inline writes.
 */
@QuarkusTest
@TestProfile(Sha256WhileUploadingOnWorkersTest.OnWorkers.class)
class Sha256WhileUploadingOnWorkersTest extends Sha256WhileUploadingTest {

    public static class OnWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slidescore.upload.inline-writes", "false", "slidescore.upload.flush-every", "1048576");
        }
    }

    @Test
    void writesThatNeverStartedInlineAreNeverCountedAsMoved() throws Exception {
        byte[] data = bytes(3_500_000, 201);
        Upload u = start("workers.bin", data.length);
        patch(u, data, 0, data.length);
        finishAndCheck(u, data, "upload");
        assertEquals(0.0, movedToWorkers(), "slidescore.upload.writes-moved-to-workers");
    }
}
