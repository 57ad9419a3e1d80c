package org.slidescore.scoring.bench;

import org.slidescore.common.auth.Right;
import org.slidescore.events.EventJson;
import org.slidescore.events.StudyChanged;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: measures the packaged scoring-service (target/quarkus-app) with a small heap against an embedded
 * PostgreSQL and the in-JVM Kafka broker: UploadResults of 100k rows, then Scores of 1M answers as JSON and as TSV.
 * Prints wall times, body sizes and the service's peak RSS (VmHWM) and heap. Run by {@code bench/run.sh}.
 */
public final class ScoringBenchmark {
    static final int IMAGES = 1000;
    static final int QUESTIONS = 10;

    public static void main(String[] args) throws Exception {
        String heap = args.length > 0 ? args[0] : "256m";
        PostgresResource.Server pg = PostgresResource.server();
        PostgresResource.recreateDatabase(pg, "scoring_bench");
        String kafka = KafkaResource.bootstrapServers();
        int port = freePort();
        Path log = Files.createTempFile("scoring-bench", ".log");
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx" + heap, "-XX:+UseSerialGC", "-jar",
                "target/quarkus-app/quarkus-run.jar").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SERVICE_PORT", Integer.toString(port));
        pb.environment().put("PG_HOST", pg.host());
        pb.environment().put("PG_PORT", Integer.toString(pg.port()));
        pb.environment().put("PG_USER", pg.user());
        pb.environment().put("PG_PASSWORD", pg.password());
        pb.environment().put("PG_DATABASE", "scoring_bench");
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        pb.environment().put("SLIDESCORE_JWT_PUBLIC_KEY_LOCATION", TestTokens.publicKeyFile().toString());
        pb.environment().put("SLIDESCORE_STUDY_URL", "http://127.0.0.1:9");
        Process service = pb.start();
        try {
            waitForPort(port, Duration.ofSeconds(90));
            run(pg, port, service.pid(), heap);
        } finally {
            service.destroy();
            service.waitFor();
            System.out.println("service log: " + log);
        }
        System.exit(0);
    }

    static void run(PostgresResource.Server pg, int port, long pid, String heap) throws Exception {
        StudyChanged study = study();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("scoring_bench"), pg.user(), pg.password())) {
            waitForTable(c);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO study_snapshot (study_id, name, owner_token_id, "
                    + "revision, snapshot) VALUES (?, ?, ?, 1, ?)")) {
                st.setLong(1, study.studyId());
                st.setString(2, study.name());
                st.setString(3, "bench");
                st.setString(4, EventJson.write(study));
                st.executeUpdate();
            }
        }
        String jwt = TestTokens.builder().allRights().expiresIn(Duration.ofHours(2)).sign();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        System.out.printf(Locale.ROOT, "service heap -Xmx%s, RSS after start %d MB%n", heap, rssMb(pid, "VmRSS"));

        // 1. UploadResults, 100k rows: 1000 images x 10 questions x 10 users.
        StringBuilder rows = new StringBuilder("\n");
        for (int u = 0; u < 10; u++) {
            for (int i = 0; i < IMAGES; i++) {
                for (int q = 0; q < QUESTIONS; q++) {
                    rows.append(100_000 + i).append("\timage-").append(i).append("\tuser").append(u)
                            .append("@example.com\tQuestion ").append(q).append('\t').append((i * 7 + q + u) % 100)
                            .append('\n');
                }
            }
        }
        String form = "studyid=" + study.studyId() + "&results=" + URLEncoder.encode(rows.toString(), StandardCharsets.UTF_8);
        for (int round = 1; round <= 2; round++) {
            Instant t0 = Instant.now();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/Api/UploadResults"))
                    .header("Authorization", "Bearer " + jwt).header("Accept", "application/json")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.printf(Locale.ROOT, "UploadResults 100000 rows (%.1f MB form), %s: %d ms -> %s; peak RSS %d MB%n",
                    form.length() / 1e6, round == 1 ? "insert" : "update", Duration.between(t0, Instant.now()).toMillis(),
                    r.body(), rssMb(pid, "VmHWM"));
        }

        // 2. 1M answers in the table (900k more by SQL), then Scores JSON and TSV.
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("scoring_bench"), pg.user(), pg.password());
             var st = c.createStatement()) {
            Instant t0 = Instant.now();
            st.execute("INSERT INTO answer (study_id, image_id, user_email, question_id, value) "
                    + "SELECT " + study.studyId() + ", 100000 + i, 'user' || u || '@example.com', 1 + q, ((i * 7 + q + u) % 100)::text "
                    + "FROM generate_series(10, 99) u, generate_series(0, " + (IMAGES - 1) + ") i, generate_series(0, "
                    + (QUESTIONS - 1) + ") q");
            st.execute("ANALYZE answer");
            System.out.printf(Locale.ROOT, "SQL insert of 900000 more answers: %d ms%n", Duration.between(t0, Instant.now()).toMillis());
        }
        for (String accept : List.of("application/json", "text/plain", "application/json")) {
            Instant t0 = Instant.now();
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/Api/Scores?studyid=" + study.studyId()))
                    .header("Authorization", "Bearer " + jwt).header("Accept", accept).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            long lines = 0;
            byte[] buf = new byte[1 << 16];
            Instant first = null;
            try (InputStream in = r.body()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (first == null) {
                        first = Instant.now();
                    }
                    bytes += n;
                    for (int k = 0; k < n; k++) {
                        if (buf[k] == '\n' || buf[k] == '}') {
                            lines++;
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "Scores %s: %d ms (first bytes after %d ms), %.1f MB, %d records, %s; peak RSS %d MB%n",
                    accept, Duration.between(t0, Instant.now()).toMillis(),
                    first == null ? -1 : Duration.between(t0, first).toMillis(), bytes / 1e6, lines,
                    r.headers().firstValue("transfer-encoding").map(v -> "transfer-encoding " + v).orElse("content-length "
                            + r.headers().firstValue("content-length").orElse("?")), rssMb(pid, "VmHWM"));
        }
    }

    static StudyChanged study() {
        List<StudyChanged.Image> images = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            images.add(new StudyChanged.Image(100_000 + i, "image-" + i, "bench/image-" + i + ".tif", null, null, 0, 1, null));
        }
        List<StudyChanged.Question> questions = new ArrayList<>();
        for (int q = 0; q < QUESTIONS; q++) {
            questions.add(new StudyChanged.Question(1 + q, "Question " + q, q % 2 == 0 ? "Integer" : "Percentage", null, q));
        }
        List<StudyChanged.User> users = new ArrayList<>();
        for (int u = 0; u < 100; u++) {
            users.add(new StudyChanged.User("user" + u + "@example.com", List.of("canscore")));
        }
        return new StudyChanged(77, "bench-study", "bench", 1, Instant.now(), images, questions, users, List.of(), List.of());
    }

    static long rssMb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    static void waitForTable(Connection c) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (var rs = c.createStatement().executeQuery("SELECT to_regclass('public.study_snapshot') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no schema");
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void waitForPort(int port, Duration max) throws InterruptedException {
        Instant end = Instant.now().plus(max);
        while (Instant.now().isBefore(end)) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("service did not open port " + port);
    }

    private ScoringBenchmark() {
    }
}
