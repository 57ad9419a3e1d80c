package org.slidescore.upload;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slidescore.upload.TestUploads.bytes;

/**
 * Every case of {@link Sha256WhileUploadingTest} again, with an inline-write limit no write can meet (1 ns): each
 * request body starts writing on the event loop, its first write is "slow" and moves the rest to worker threads. The
 * switch happens in the middle of a body, so the file and the digest must continue across it without a gap.
 */
@QuarkusTest
@TestProfile(Sha256WhileUploadingSlowWritesTest.SlowWrites.class)
class Sha256WhileUploadingSlowWritesTest extends Sha256WhileUploadingTest {

    public static class SlowWrites implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("slidescore.upload.inline-write-limit", "PT0.000000001S");
        }
    }

    @Test
    void eachBodyMovesToWorkersOnceAtItsFirstWrite() throws Exception {
        byte[] data = bytes(3_500_000, 202);   // four 1 MiB writes in the first PATCH: moved once, not four times
        Upload u = start("slow.bin", data.length);
        double before = movedToWorkers();
        patch(u, data, 0, 3_200_000);
        assertEquals(before + 1, movedToWorkers(), "one PATCH body moved to workers");
        patch(u, data, 3_200_000, data.length);
        assertEquals(before + 2, movedToWorkers(), "the next PATCH starts inline again, and moves again");
        finishAndCheck(u, data, "upload");
    }
}
