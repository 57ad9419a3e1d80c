package org.slidescore.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slidescore.e2e.SdkClient.b64;
import static org.slidescore.e2e.SdkClient.send;
import static org.slidescore.e2e.SdkClient.text;

/**
 * Big uploads through the gateway into the packaged upload-service ({@code run.sh}, each service with
 * {@code -Xmx256m}):
 * <ol>
 * <li>2 GiB in one streaming PATCH (bytes generated on the fly from a seeded PRNG, nothing on the client's disk)
 * completes byte-identical, while the resident memory of upload-service and of the gateway grows by far less than
 * the upload ({@value #MAX_RSS_GROWTH_MIB} MiB: neither holds the body); FinishUpload records the sha256 computed
 * while the bytes were written.</li>
 * <li>upload-service killed with SIGKILL in the middle of a PATCH, restarted by {@code run.sh start}: HEAD reports the
 * bytes that reached the disk, the client resumes there, the file is byte-identical and the recorded sha256 (read
 * from the file, the digest died with the process) is the file's.</li>
 * </ol>
 * The size can be lowered for a quick run with {@code -De2e.large-upload.size=<bytes>}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LargeUploadTest {
    static final long SIZE = Long.getLong("e2e.large-upload.size", 2L << 30);
    static final long MAX_RSS_GROWTH_MIB = 300;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static LocalRun run;
    private static SdkClient sdk;

    @BeforeAll
    static void startThePlatform() throws Exception {
        run = Platform.start("e2e-large", Map.of());
        sdk = new SdkClient(run.url("gateway"));
        sdk.createAdminToken(run.readState("admin-password"), "e2e-large");
    }

    @AfterAll
    static void stopThePlatform() {
        Platform.stop(run);
    }

    @Test
    @Order(1)
    void twoGibInOneStreamingPatchWithBoundedServerMemory() throws Exception {
        String uploadToken = sdk.requestUpload("large", "big.bin");
        URI upload = create(SIZE, uploadToken);
        long servicePid = run.recordedPid("upload-service").orElseThrow();
        long gatewayPid = run.recordedPid("gateway").orElseThrow();
        Rss service = Rss.watch(servicePid);
        Rss gateway = Rss.watch(gatewayPid);

        Generated body = new Generated(2026, SIZE, Long.MAX_VALUE, null);
        long t0 = System.nanoTime();
        HttpResponse<String> patched = patch(upload, 0, SIZE, () -> body);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(204, patched.statusCode(), patched.body());
        assertEquals(Long.toString(SIZE), patched.headers().firstValue("Upload-Offset").orElseThrow());
        long serviceGrowth = service.stop();
        long gatewayGrowth = gateway.stop();

        long f0 = System.nanoTime();
        assertEquals("\"OK\"", finish(upload, uploadToken));
        double finishSeconds = (System.nanoTime() - f0) / 1e9;
        String sha = body.sha256();
        Path file = run.state.resolve("images/large/big.bin");
        try {
            assertEquals(SIZE, Files.size(file));
            assertEquals(sha, sha256(file), "the finished file differs from what was sent");
        } finally {
            Files.deleteIfExists(file);
        }
        String finished = finishedLine(id(upload));
        assertTrue(finished.contains("sha256 " + sha + " computed while uploading"), finished);
        System.out.printf("LargeUploadTest: %d bytes through the gateway in %.1f s (%.0f MB/s), FinishUpload %.2f s; "
                        + "peak RSS growth upload-service %d MiB (%s), gateway %d MiB (%s)%n", SIZE, seconds,
                SIZE / seconds / 1e6, finishSeconds, serviceGrowth >> 20, service.how(), gatewayGrowth >> 20,
                gateway.how());
        assertTrue(serviceGrowth < MAX_RSS_GROWTH_MIB << 20, "upload-service's resident memory grew by "
                + (serviceGrowth >> 20) + " MiB during a " + (SIZE >> 20) + " MiB upload");
        assertTrue(gatewayGrowth < MAX_RSS_GROWTH_MIB << 20, "the gateway's resident memory grew by "
                + (gatewayGrowth >> 20) + " MiB during a " + (SIZE >> 20) + " MiB upload");
    }

    @Test
    @Order(2)
    void killedInTheMiddleOfAPatchTheServiceComesBackAndTheUploadResumes() throws Exception {
        long size = Math.min(SIZE, 256L << 20);
        long before = 64L << 20;   // sent before the kill; the rest waits until the service is dead
        String uploadToken = sdk.requestUpload("large", "killed.bin");
        URI upload = create(size, uploadToken);
        Path staging = run.state.resolve("images/.staging").resolve(id(upload));

        CountDownLatch killed = new CountDownLatch(1);
        Generated first = new Generated(7, size, before, killed);
        CompletableFuture<Object> interrupted = CompletableFuture.supplyAsync(() -> {
            try {
                return patch(upload, 0, size, () -> first);
            } catch (Exception e) {
                return e;   // the client gave up once the server was gone
            }
        });
        // the PATCH is in progress: most of what was sent is in the staging file
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(staging) && Files.size(staging) >= before / 2);
        long pid = run.recordedPid("upload-service").orElseThrow();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        assertTrue(process.destroyForcibly() || !process.isAlive(), "could not kill upload-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        killed.countDown();
        Object outcome = interrupted.get(120, TimeUnit.SECONDS);
        assertTrue(outcome instanceof IOException || (outcome instanceof HttpResponse<?> r && r.statusCode() >= 500),
                "the PATCH cannot have succeeded: " + outcome);

        LocalRun.Result restarted = run.run(600, "start");
        assertEquals(0, restarted.exitCode(), "restart of upload-service failed:\n" + restarted.output());

        // HEAD waits for the dead PATCH's lease to run out, then adopts the bytes on disk
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(upload).header("Tus-Resumable", "1.0.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode(), "HEAD after the restart");
        long offset = Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
        assertTrue(offset > 0 && offset <= before, "offset after the kill: " + offset);

        Generated all = new Generated(7, size, Long.MAX_VALUE, null);
        HttpResponse<String> resumed = patch(upload, offset, size - offset, () -> all.skipTo(offset));
        assertEquals(204, resumed.statusCode(), resumed.body());
        assertEquals("\"OK\"", finish(upload, uploadToken));
        Path file = run.state.resolve("images/large/killed.bin");
        try {
            assertEquals(all.sha256(), sha256(file), "the resumed file differs from what was sent");
        } finally {
            Files.deleteIfExists(file);
        }
        String finished = finishedLine(id(upload));
        assertTrue(finished.contains("sha256 " + all.sha256() + " read from the file"), finished);
    }

    // ------------------------------------------------------------------ helpers

    private static URI create(long length, String uploadToken) {
        URI creation = URI.create(sdk.gateway + "/files/");
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(creation)
                .header("Tus-Resumable", "1.0.0")
                .header("upload-length", Long.toString(length))
                .header("upload-metadata", "uploadtoken " + b64(uploadToken) + ",apitoken " + b64(sdk.token))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), text(created));
        return creation.resolve(created.headers().firstValue("Location").orElseThrow());
    }

    /** One PATCH of {@code length} bytes read from the stream (Content-Length, not chunked). */
    private static HttpResponse<String> patch(URI upload, long offset, long length, Supplier<InputStream> body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(upload)
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .header("Tus-Resumable", "1.0.0")
                .timeout(Duration.ofMinutes(30))
                .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(body), length))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String finish(URI upload, String uploadToken) {
        return text(sdk.post("FinishUpload", Map.of("id", id(upload), "token", uploadToken)));
    }

    private static String id(URI upload) {
        String path = upload.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** upload-service's log line for the finished upload (it names the sha256 recorded and where it came from). */
    private static String finishedLine(String id) throws IOException {
        return Files.readAllLines(run.state.resolve("logs/upload-service.log")).stream()
                .filter(l -> l.contains("upload " + id + " finished:")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("upload-service logged no FinishUpload of " + id));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) > 0) {
                md.update(buf.flip());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code size} pseudo-random bytes from a seed, hashed as they are read. After {@code pauseAt} bytes it waits for
     * {@code abort} (a PATCH held open in the middle while the server is killed) and then fails, as a client does whose
     * connection broke.
     */
    static final class Generated extends InputStream {
        private final SplittableRandom random;
        private final long size;
        private final long pauseAt;
        private final CountDownLatch abort;
        private final MessageDigest md = newSha256();
        private final byte[] block = new byte[1 << 16];
        private int blockPos = block.length;
        private long position;

        Generated(long seed, long size, long pauseAt, CountDownLatch abort) {
            this.random = new SplittableRandom(seed);
            this.size = size;
            this.pauseAt = pauseAt;
            this.abort = abort;
        }

        /** Skips the first {@code n} bytes (they are hashed all the same: {@link #sha256()} is of the whole). */
        Generated skipTo(long n) {
            byte[] sink = new byte[1 << 16];
            long left = n;
            try {
                while (left > 0) {
                    left -= read(sink, 0, (int) Math.min(sink.length, left));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= size) {
                return -1;
            }
            if (position == pauseAt && abort != null) {
                try {
                    abort.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("the client gives up this PATCH");
            }
            long limit = position < pauseAt ? Math.min(pauseAt, size) : size;
            int n = (int) Math.min(len, limit - position);
            int done = 0;
            while (done < n) {
                if (blockPos == block.length) {
                    for (int i = 0; i < block.length; i += 8) {
                        long v = random.nextLong();
                        for (int k = 0; k < 8; k++) {
                            block[i + k] = (byte) (v >>> (8 * k));
                        }
                    }
                    blockPos = 0;
                }
                int k = Math.min(n - done, block.length - blockPos);
                System.arraycopy(block, blockPos, b, off + done, k);
                blockPos += k;
                done += k;
            }
            md.update(b, off, n);
            position += n;
            return n;
        }

        /** The sha256 of all {@code size} bytes (once all were read). */
        String sha256() {
            assertEquals(size, position, "not every byte was read");
            return HexFormat.of().formatHex(((MessageDigest) cloneOf(md)).digest());
        }

        private static Object cloneOf(MessageDigest md) {
            try {
                return md.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The peak resident memory of a process during a step, compared with its resident memory before: the kernel's
     * peak (VmHWM, reset at the start through {@code /proc/<pid>/clear_refs} when allowed) and a 50 ms sample of VmRSS.
     */
    static final class Rss {
        private final long pid;
        private final long before;
        private final boolean peakReset;
        private final AtomicLong sampled = new AtomicLong();
        private final Thread sampler;
        private volatile boolean stop;

        private Rss(long pid) {
            this.pid = pid;
            boolean reset;
            try {
                Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
                reset = true;
            } catch (IOException e) {
                reset = false;
            }
            this.peakReset = reset;
            this.before = kib("VmRSS");
            this.sampler = new Thread(() -> {
                while (!stop) {
                    sampled.accumulateAndGet(kib("VmRSS"), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-" + pid);
            sampler.setDaemon(true);
            sampler.start();
        }

        static Rss watch(long pid) {
            return new Rss(pid);
        }

        /** Stops watching; answers the growth of the peak over the start, bytes. */
        long stop() throws InterruptedException {
            stop = true;
            sampler.join();
            long peak = sampled.get();
            if (peakReset) {
                peak = Math.max(peak, kib("VmHWM"));
            }
            return Math.max(0, peak - before) << 10;
        }

        String how() {
            return (peakReset ? "VmHWM and VmRSS samples" : "VmRSS samples") + ", from " + (before >> 10) + " MiB";
        }

        private long kib(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                    }
                }
            } catch (IOException e) {
                throw new AssertionError("cannot read the memory of process " + pid + ": " + e.getMessage());
            }
            throw new AssertionError("no " + field + " for process " + pid);
        }
    }
}
