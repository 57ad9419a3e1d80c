package org.slidescore.upload.bench;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import org.junit.jupiter.api.Test;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.upload.TestUploads;

import java.io.RandomAccessFile;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not a test (the class name matches no Surefire pattern): uploads one file (default 2 GiB) with tus-js-client
 * (single PATCH), requests shaped like the Python SDK (10 MB PATCHes) and tus-java-client (POST + override, 4 KiB
 * chunked), directly to the upload service, and reports MB/s, server CPU seconds (CPU time of the Vert.x event loop
 * and worker threads of this JVM, so in-JVM clients do not count) and peak heap/direct memory. Each upload is checked
 * byte-identical (sha256 of the finished file). Writes {@code target/benchmarks/upload.md}.
 *
 * <pre>mvn -B -pl upload-service verify -Dtest=TusUploadBench -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.size=2147483648]</pre>
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(org.slidescore.upload.FakeStudyService.class)
class TusUploadBench {
    static final long SIZE = Long.getLong("bench.size", 2L << 30);
    static final Path DIR = Path.of("target", "bench");

    record Result(String client, long bytes, double seconds, double serverCpu, long peakHeapMiB, long peakDirectMiB,
                  double finishSeconds) {
        double mbps() {
            return bytes / seconds / 1e6;
        }
    }

    @Test
    void bench() throws Exception {
        Path file = DIR.resolve("bench-" + SIZE + ".bin");
        if (!Files.exists(file) || Files.size(file) != SIZE) {
            TestUploads.file(DIR, file.getFileName().toString(), SIZE, 2026);
        }
        String sha = TestUploads.sha256(file);
        List<Result> results = new ArrayList<>();
        results.add(run("tus-js-client 4.3.1, single PATCH", file, sha, (token, jwt) -> tusJs(file, token, jwt)));
        results.add(run("SDK-shaped (tuspy), 10 MB PATCHes", file, sha, (token, jwt) -> sdk(file, token, jwt)));
        results.add(run("tus-java-client 0.5.1, 10 MiB payloads", file, sha, (token, jwt) -> tusJava(file, token, jwt)));

        StringBuilder md = new StringBuilder();
        md.append("Upload benchmark, ").append(Instant.now()).append(", file ").append(SIZE).append(" bytes, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, load average ")
                .append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end\n\n")
                .append("| client | time (s) | MB/s | server CPU (s) | peak heap (MiB) | peak direct (MiB) | FinishUpload (s) |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Result r : results) {
            md.append(String.format("| %s | %.1f | %.0f | %.1f | %d | %d | %.1f |%n", r.client(), r.seconds(), r.mbps(),
                    r.serverCpu(), r.peakHeapMiB(), r.peakDirectMiB(), r.finishSeconds()));
        }
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "upload.md"), md.toString());
        System.out.println(md);
    }

    interface Client {
        /** Uploads and answers the upload URL. */
        String upload(String uploadToken, String jwt) throws Exception;
    }

    Result run(String name, Path file, String sha, Client client) throws Exception {
        String jwt = TestUploads.uploader();
        String folder = "bench";
        String target = "b-" + System.nanoTime() + ".bin";
        String token = TestUploads.requestUpload(jwt, folder, target);
        System.gc();
        Sampler sampler = new Sampler();
        sampler.start();
        double cpu0 = serverCpu();
        long t0 = System.nanoTime();
        String url = client.upload(token, jwt);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = serverCpu() - cpu0;
        sampler.stop = true;
        sampler.join();
        long f0 = System.nanoTime();
        String id = url.substring(url.lastIndexOf('/') + 1);
        assertEquals("\"OK\"", TestUploads.finish(jwt, id, token));
        double finish = (System.nanoTime() - f0) / 1e9;
        Path placed = Path.of(TestUploads.IMAGES_ROOT, folder, target);
        assertEquals(sha, TestUploads.sha256(placed), name + ": the finished file differs");
        Files.delete(placed);
        Result r = new Result(name, Files.size(file), seconds, cpu, sampler.peakHeap.get() >> 20,
                sampler.peakDirect.get() >> 20, finish);
        System.out.printf("%s: %.1f s, %.0f MB/s, server CPU %.1f s%n", name, seconds, r.mbps(), cpu);
        return r;
    }

    /** CPU seconds of the threads that serve HTTP and write files in this JVM. */
    static double serverCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            String n = t.getThreadName();
            if (n.startsWith("vert.x-eventloop-thread") || n.startsWith("executor-thread")
                    || n.startsWith("vert.x-worker-thread") || n.startsWith("vert.x-internal-blocking")
                    || n.startsWith("vert.x-acceptor-thread")) {
                long c = mx.getThreadCpuTime(t.getThreadId());
                if (c > 0) {
                    total += c;
                }
            }
        }
        return total / 1e9;
    }

    static final class Sampler extends Thread {
        final AtomicLong peakHeap = new AtomicLong();
        final AtomicLong peakDirect = new AtomicLong();
        volatile boolean stop;

        Sampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            var mem = ManagementFactory.getMemoryMXBean();
            var pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
            while (!stop) {
                peakHeap.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                long direct = pools.stream().filter(p -> p.getName().equals("direct"))
                        .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
                peakDirect.accumulateAndGet(direct, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    static String tusJs(Path file, String token, String jwt) throws Exception {
        Path nodeDir = Path.of("target", "tus-js");
        if (!Files.isDirectory(nodeDir.resolve("node_modules/tus-js-client"))) {
            throw new IllegalStateException("run RealClientsTest once first: it installs tus-js-client into " + nodeDir);
        }
        try (var in = TusUploadBench.class.getResourceAsStream("/tus-js/upload.cjs")) {
            Files.write(nodeDir.resolve("upload.cjs"), in.readAllBytes());
        }
        Process p = new ProcessBuilder("node", "upload.cjs", base() + "/files/", file.toAbsolutePath().toString(),
                token, jwt, "single").directory(nodeDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.MINUTES);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("URL ")).findFirst().orElseThrow().substring(4);
    }

    static String sdk(Path file, String token, String jwt) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI creation = URI.create(base() + "/files/");
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(creation).header("Tus-Resumable", "1.0.0")
                .header("upload-length", Long.toString(Files.size(file)))
                .header("upload-metadata", TestUploads.metadata(token, jwt))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        URI url = creation.resolve(created.headers().firstValue("Location").orElseThrow());
        byte[] chunk = new byte[10_000_000];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            for (long offset = 0; offset < size; ) {
                int n = (int) Math.min(chunk.length, size - offset);
                in.readFully(chunk, 0, n);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).header("upload-offset", Long.toString(offset))
                        .header("Content-Type", "application/offset+octet-stream").header("Tus-Resumable", "1.0.0")
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk, 0, n)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(204, r.statusCode(), r.body());
                offset += n;
            }
        }
        return url.toString();
    }

    static String tusJava(Path file, String token, String jwt) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(base() + "/files/"));
        TusUpload upload = new TusUpload(file.toFile());
        Map<String, String> md = new HashMap<>();
        md.put("uploadtoken", token);
        md.put("apitoken", jwt);
        upload.setMetadata(md);
        TusUploader uploader = client.createUpload(upload);
        while (uploader.uploadChunk() > -1) {
            // default: 10 MiB per request, 2 MiB buffer
        }
        uploader.finish();
        return uploader.getUploadURL().toString();
    }

}
