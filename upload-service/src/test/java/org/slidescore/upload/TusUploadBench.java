package org.slidescore.upload;

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
import org.slidescore.testsupport.TestTokens;

import java.io.RandomAccessFile;
import java.net.ServerSocket;
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
 * Not a test (the class name matches no Surefire pattern; {@code bench/upload-bench.sh} runs it): uploads one file
 * (default 2 GiB) with tus-js-client (single PATCH), requests shaped like the Python SDK (10 MB PATCHes) and
 * tus-java-client (POST + override, 4 KiB chunked), to this service directly, through the gateway when
 * {@code bench.gateway.jar} is given (the packaged gateway, started here with this test's PostgreSQL, broker and
 * keys, routing to this service), and to tus-java-server 1.0.0-3.0 in Tomcat (the anchor) when {@code bench.anchor.url}
 * is given, in alternation. Reports MB/s, server CPU seconds (for this service the CPU time of its Vert.x event-loop
 * and worker threads, so in-JVM clients do not count; through the gateway plus the gateway process's CPU from /proc,
 * also shown alone; for the anchor its process's CPU from /proc) and this JVM's peak heap and direct memory. Every
 * upload is checked byte-identical by sha256. Before the measured rows every client uploads once to every server
 * ({@code bench.warmup} bytes, default 256 MiB; 0 = none), unreported. Writes {@code target/benchmarks/upload.md}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "upload"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class TusUploadBench {
    static final long SIZE = Long.getLong("bench.size", 2L << 30);
    static final Path DIR = Path.of("target", "bench");
    static final String ANCHOR_URL = System.getProperty("bench.anchor.url");
    static final long ANCHOR_PID = Long.getLong("bench.anchor.pid", -1);
    static final String ANCHOR_STORAGE = System.getProperty("bench.anchor.storage");
    static final String GATEWAY_JAR = System.getProperty("bench.gateway.jar");

    record Result(String server, String client, long bytes, double seconds, double serverCpu, double gatewayCpu,
                  double clientCpu, long peakHeapMiB, long peakDirectMiB, double finishSeconds, double finishCpu,
                  long gcCount, double gcSeconds) {
        double mbps() {
            return bytes / seconds / 1e6;
        }
    }

    /** Where uploads go and how to check them. */
    interface Server {
        String name();

        String creationUrl();

        double cpuSeconds() throws Exception;

        /** The part of {@link #cpuSeconds()} spent in the gateway (0 when the upload does not go through it). */
        default double gatewayCpuSeconds() throws Exception {
            return 0;
        }

        /** Upload token and API token for one upload. */
        String[] prepare();

        /** Checks the finished upload; answers the seconds FinishUpload took (0 when there is none). */
        double verify(String url, String[] tokens, String sha) throws Exception;
    }

    final class Ours implements Server {
        private final Map<String, String> targets = new HashMap<>();

        public String name() {
            return "upload-service";
        }

        public String creationUrl() {
            return "http://127.0.0.1:" + RestAssured.port + "/files/";
        }

        public double cpuSeconds() {
            return serverThreadsCpu();
        }

        public String[] prepare() {
            String jwt = TestUploads.uploader();
            String target = "b-" + System.nanoTime() + ".bin";
            String token = TestUploads.requestUpload(jwt, "bench", target);
            targets.put(token, target);
            return new String[]{token, jwt};
        }

        public double verify(String url, String[] tokens, String sha) throws Exception {
            long f0 = System.nanoTime();
            assertEquals("\"OK\"", TestUploads.finish(tokens[1], url.substring(url.lastIndexOf('/') + 1), tokens[0]));
            double finish = (System.nanoTime() - f0) / 1e9;
            Path placed = Path.of(TestUploads.IMAGES_ROOT, "bench", targets.get(tokens[0]));
            assertEquals(sha, TestUploads.sha256(placed), "the finished file differs");
            Files.delete(placed);
            return finish;
        }
    }

    /** This service behind the packaged gateway: tus requests go through the gateway, the rest as for {@link Ours}. */
    static final class ViaGateway implements Server {
        private final Server direct;
        private final Process gateway;
        private final int port;

        ViaGateway(Server direct, Process gateway, int port) {
            this.direct = direct;
            this.gateway = gateway;
            this.port = port;
        }

        public String name() {
            return "upload-service via gateway";
        }

        public String creationUrl() {
            return "http://127.0.0.1:" + port + "/files/";
        }

        public double cpuSeconds() throws Exception {
            return direct.cpuSeconds() + gatewayCpuSeconds();
        }

        public double gatewayCpuSeconds() throws Exception {
            return processCpu(gateway.pid());
        }

        public String[] prepare() {
            return direct.prepare();
        }

        public double verify(String url, String[] tokens, String sha) throws Exception {
            return direct.verify(url, tokens, sha);
        }
    }

    static final class Anchor implements Server {
        public String name() {
            return "tus-java-server 1.0.0-3.0";
        }

        public String creationUrl() {
            return ANCHOR_URL;
        }

        public double cpuSeconds() throws Exception {
            return processCpu(ANCHOR_PID);
        }

        public String[] prepare() {
            return new String[]{"anchor", "anchor"};
        }

        public double verify(String url, String[] tokens, String sha) throws Exception {
            Path dir = Path.of(ANCHOR_STORAGE, "uploads", url.substring(url.lastIndexOf('/') + 1));
            assertEquals(sha, TestUploads.sha256(dir.resolve("data")), "the anchor's file differs");
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            return 0;
        }
    }

    interface Client {
        String name();

        /** Uploads and answers the upload URL. */
        String upload(String creationUrl, Path file, String uploadToken, String jwt) throws Exception;
    }

    @Test
    void bench() throws Exception {
        Path file = DIR.resolve("bench-" + SIZE + ".bin");
        if (!Files.exists(file) || Files.size(file) != SIZE) {
            TestUploads.file(DIR, file.getFileName().toString(), SIZE, 2026);
        }
        String sha = TestUploads.sha256(file);
        RealClientsTest.tusJs();
        Ours ours = new Ours();
        List<Server> servers = new ArrayList<>(List.of(ours));
        Process gateway = null;
        if (GATEWAY_JAR != null && !GATEWAY_JAR.isBlank()) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            gateway = startGateway(Path.of(GATEWAY_JAR), port, RestAssured.port);
            servers.add(new ViaGateway(ours, gateway, port));
        }
        if (ANCHOR_URL != null) {
            servers.add(new Anchor());
        }
        try {
            runAll(servers, file, sha, gateway);
        } finally {
            if (gateway != null) {
                gateway.destroy();
                if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
        }
    }

    void runAll(List<Server> servers, Path file, String sha, Process gateway) throws Exception {
        List<Client> clients = List.of(
                client("tus-js-client 4.3.1, single PATCH", TusUploadBench::tusJs),
                client("SDK-shaped (tuspy), 10 MB PATCHes", TusUploadBench::sdk),
                client("tus-java-client 0.5.1, 10 MiB requests", TusUploadBench::tusJava));
        String only = System.getProperty("bench.clients", "");
        List<Client> chosen = clients.stream().filter(c -> only.isEmpty()
                || java.util.Arrays.stream(only.split(",")).anyMatch(c.name()::startsWith)).toList();
        // Warm-up (not reported): every client against every server once with a smaller file, so the measured rows
        // compare JIT-compiled, connected servers rather than the first minutes after a start.
        long warmSize = Long.getLong("bench.warmup", Math.min(SIZE, 256L << 20));
        if (warmSize > 0) {
            Path warm = TestUploads.file(DIR, "bench-warmup-" + warmSize + ".bin", warmSize, 7);
            String warmSha = TestUploads.sha256(warm);
            for (Client c : chosen) {
                for (Server s : servers) {
                    run(s, c, warm, warmSha);
                }
            }
        }
        // Measured rounds: every client against every server, the servers' order reversed every other round (so no
        // server always runs right after another one's upload); each row reports the median round by MB/s.
        int rounds = Integer.getInteger("bench.rounds", 3);
        Map<String, List<Result>> byRow = new java.util.LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<Server> order = new ArrayList<>(servers);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Client c : chosen) {
                for (Server s : order) {
                    Result r = run(s, c, file, sha);
                    byRow.computeIfAbsent(c.name() + "\u0000" + s.name(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        List<String> spreads = new ArrayList<>();
        for (Client c : chosen) {
            for (Server s : servers) {
                List<Result> all = new ArrayList<>(byRow.get(c.name() + "\u0000" + s.name()));
                all.sort(java.util.Comparator.comparingDouble(Result::mbps));
                results.add(all.get(all.size() / 2));
                spreads.add(all.stream().map(r -> String.format("%.0f", r.mbps()))
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("Upload benchmark, ").append(Instant.now()).append(", one file of ").append(SIZE).append(" bytes, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, load average ")
                .append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end, ").append(rounds).append(" rounds (each row: the median round by MB/s), ")
                .append(pageState()).append("\n\n")
                .append("| client | server | time (s) | MB/s | MB/s of every round | server CPU (s) | of it the gateway (s) "
                        + "| client CPU (s) "
                        + "| peak heap of the service JVM (MiB) | peak direct (MiB) "
                        + "| young+old GCs in this JVM (count, s) | FinishUpload (s) | FinishUpload CPU (s) |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            md.append(String.format("| %s | %s | %.1f | %.0f | %s | %.1f | %s | %.1f | %d | %d | %d, %.2f | %s | %s |%n",
                    r.client(), r.server(), r.seconds(), r.mbps(), spreads.get(i), r.serverCpu(),
                    r.gatewayCpu() > 0 ? String.format("%.1f", r.gatewayCpu()) : "-", r.clientCpu(), r.peakHeapMiB(),
                    r.peakDirectMiB(), r.gcCount(), r.gcSeconds(),
                    r.finishSeconds() > 0 ? String.format("%.2f", r.finishSeconds()) : "-",
                    r.finishSeconds() > 0 ? String.format("%.2f", r.finishCpu()) : "-"));
        }
        if (gateway != null) {
            md.append(String.format("%nThe gateway (packaged, -Xmx512m, own process) peaked at %d MiB resident "
                    + "(VmHWM over the whole run).%n", kib(gateway.pid(), "VmHWM") >> 10));
        }
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "upload.md"), md.toString());
        System.out.println(md);
    }

    interface Upload {
        String upload(String creationUrl, Path file, String uploadToken, String jwt) throws Exception;
    }

    static Client client(String name, Upload upload) {
        return new Client() {
            public String name() {
                return name;
            }

            public String upload(String creationUrl, Path file, String uploadToken, String jwt) throws Exception {
                return upload.upload(creationUrl, file, uploadToken, jwt);
            }
        };
    }

    Result run(Server server, Client client, Path file, String sha) throws Exception {
        String[] tokens = server.prepare();
        System.gc();
        Sampler sampler = new Sampler();
        sampler.start();
        double cpu0 = server.cpuSeconds();
        double gatewayCpu0 = server.gatewayCpuSeconds();
        double clientCpu0 = clientCpu();
        long[] gc0 = gc();
        long t0 = System.nanoTime();
        String url = client.upload(server.creationUrl(), file, tokens[0], tokens[1]);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = server.cpuSeconds() - cpu0;
        double gatewayCpu = server.gatewayCpuSeconds() - gatewayCpu0;
        double clientCpuUsed = clientCpu() - clientCpu0;
        long[] gc1 = gc();
        sampler.stop = true;
        sampler.join();
        double finishCpu0 = server.cpuSeconds();
        double finish = server.verify(url, tokens, sha);   // FinishUpload, then a check of the file in this thread
        double finishCpu = server.cpuSeconds() - finishCpu0;
        Result r = new Result(server.name(), client.name(), Files.size(file), seconds, cpu, gatewayCpu, clientCpuUsed,
                sampler.peakHeap.get() >> 20, sampler.peakDirect.get() >> 20, finish, finishCpu, gc1[0] - gc0[0],
                (gc1[1] - gc0[1]) / 1000.0);
        System.out.printf("%s -> %s: %.1f s, %.0f MB/s, server CPU %.1f s, client CPU %.1f s%n", client.name(),
                server.name(), seconds, r.mbps(), cpu, clientCpuUsed);
        return r;
    }

    /**
     * Whether the VM hands freed memory back to its host (virtio-balloon free page reporting): then the first write
     * into such a page costs a host page fault, about 2 s of system time per GiB here, whichever server writes it.
     * {@code bench/upload-bench.sh} turns it off for the run where it can, so that every upload writes into memory of
     * the same kind.
     */
    static String pageState() {
        Path order = Path.of("/sys/module/page_reporting/parameters/page_reporting_order");
        try {
            if (!Files.exists(order) || !Files.exists(Path.of("/sys/bus/virtio/drivers/virtio_balloon"))) {
                return "no free page reporting";
            }
            int o = Integer.parseInt(Files.readString(order).trim());
            return o > 10 ? "the VM's free page reporting off (freed page-cache memory stays warm)"
                    : "the VM's free page reporting ON (order " + o + "): uploads may write into memory the host "
                    + "took back, at about 2 s of system CPU per GiB";
        } catch (Exception e) {
            return "free page reporting unknown (" + e + ")";
        }
    }

    /**
     * CPU seconds of the clients: Node (a child process: its CPU is added to this JVM's children's time when it is
     * waited for), this thread and the JDK HttpClient's threads (the in-JVM clients). On 2 cores the client competes
     * with the server: a client near one core per second of upload is what bounds the row.
     */
    static double clientCpu() throws Exception {
        String[] f = Files.readString(Path.of("/proc/self/stat")).split("\\) ", 2)[1].split(" ");
        double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0; // cutime + cstime, clock ticks
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long nanos = mx.getCurrentThreadCpuTime();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("HttpClient-")) {
                nanos += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return children + nanos / 1e9;
    }

    /** User + system CPU seconds of a process, from /proc. */
    static double processCpu(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).split("\\) ", 2)[1].split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, clock ticks
    }

    /** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM). */
    static long kib(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /**
     * Starts the packaged gateway ({@code quarkus-run.jar}) on {@code port}, with a database of its own on this test's
     * PostgreSQL, this test's broker and key pair, routing {@code /files} to this service; waits until it is ready.
     */
    static Process startGateway(Path jar, int port, int uploadPort) throws Exception {
        PostgresResource.Server pg = PostgresResource.server();
        PostgresResource.recreateDatabase(pg, "gateway_bench");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = DIR.resolve("gateway.log");
        Files.createDirectories(DIR);
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("SLIDESCORE_") || k.startsWith("PG_"));
        env.put("SERVICE_PORT", Integer.toString(port));
        env.put("PG_HOST", pg.host());
        env.put("PG_PORT", Integer.toString(pg.port()));
        env.put("PG_USER", pg.user());
        env.put("PG_PASSWORD", pg.password());
        env.put("PG_DATABASE", "gateway_bench");
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaResource.bootstrapServers());
        env.put("SLIDESCORE_JWT_PUBLIC_KEY_LOCATION", TestTokens.publicKeyFile().toString());
        env.put("SLIDESCORE_JWT_PRIVATE_KEY_LOCATION", TestTokens.privateKeyFile().toString());
        env.put("SLIDESCORE_ADMIN_PASSWORD", "bench-" + System.nanoTime());
        env.put("SLIDESCORE_UPLOAD_URL", "http://127.0.0.1:" + uploadPort);
        env.put("SLIDESCORE_LOG_JSON", "false");
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "bench-gateway-stop"));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the gateway exited while starting; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    System.out.println("gateway ready on port " + port + " (pid " + p.pid() + ", log " + log + ")");
                    return p;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the gateway was not ready within 300 s; see " + log);
    }

    /** Collections and milliseconds spent in them so far, all collectors of this JVM. */
    static long[] gc() {
        long count = 0;
        long millis = 0;
        for (var g : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, g.getCollectionCount());
            millis += Math.max(0, g.getCollectionTime());
        }
        return new long[]{count, millis};
    }

    /** CPU seconds of the threads that serve HTTP and write files in this JVM. */
    static double serverThreadsCpu() {
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

    static String tusJs(String creationUrl, Path file, String token, String jwt) throws Exception {
        Path nodeDir = RealClientsTest.NODE_DIR;
        Process p = new ProcessBuilder("node", "upload.cjs", creationUrl, file.toAbsolutePath().toString(),
                token, jwt, "single").directory(nodeDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.MINUTES);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("URL ")).findFirst().orElseThrow().substring(4);
    }

    static String sdk(String creationUrl, Path file, String token, String jwt) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI creation = URI.create(creationUrl);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(creation).header("Tus-Resumable", "1.0.0")
                .header("upload-length", Long.toString(Files.size(file)))
                .header("upload-metadata", TestUploads.metadata(token, jwt))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        URI url = creation.resolve(created.headers().firstValue("Location").orElseThrow());
        byte[] chunk = new byte[10_000_000];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            for (long offset = 0; offset < size; ) {
                int n = (int) Math.min(chunk.length, size - offset);
                in.readFully(chunk, 0, n);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url)
                                .header("upload-offset", Long.toString(offset))
                                .header("Content-Type", "application/offset+octet-stream")
                                .header("Tus-Resumable", "1.0.0")
                                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk, 0, n)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(204, r.statusCode(), r.body());
                offset += n;
            }
        }
        return url.toString();
    }

    static String tusJava(String creationUrl, Path file, String token, String jwt) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(creationUrl));
        TusUpload upload = new TusUpload(file.toFile());
        Map<String, String> md = new HashMap<>();
        md.put("uploadtoken", token);
        md.put("apitoken", jwt);
        upload.setMetadata(md);
        TusUploader uploader = client.createUpload(upload);
        while (uploader.uploadChunk() > -1) {
            // default: 10 MiB per request through a 2 MiB buffer
        }
        uploader.finish();
        return uploader.getUploadURL().toString();
    }
}
