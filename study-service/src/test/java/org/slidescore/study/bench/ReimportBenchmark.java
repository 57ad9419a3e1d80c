package org.slidescore.study.bench;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slidescore.events.Topics;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.slidescore.study.config.QuestionType;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.study.support.LongReimportProfile;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Not a test (its name keeps it out of the default Surefire run): Reimport of a study with 5,000 slides and 200
 * questions, timed, with the peak heap of the JVM that runs the service. Run with
 * {@code mvn -pl study-service test -Dtest=ReimportBenchmark -Dbench.images=5000 -Dbench.questions=200}; the figures
 * go to {@code target/reimport-benchmark.txt}.
 */
@QuarkusTest
@TestProfile(LongReimportProfile.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class ReimportBenchmark {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @Test
    void reimportLargeStudy() throws Exception {
        int images = Integer.getInteger("bench.images", 5000);
        int questions = Integer.getInteger("bench.questions", 200);
        boolean inspected = !Boolean.getBoolean("bench.uninspected");
        Path root = ImagesRootResource.root();
        Path first = Api.copyTestImage("Bench/slide_00000.tif");
        List<String> paths = new ArrayList<>();
        paths.add("Bench/slide_00000.tif");
        for (int i = 1; i < images; i++) {
            String rel = String.format("Bench/slide_%05d.tif", i);
            if (i % 60_000 == 0) {
                // ext4 allows 65,000 links to one file: a new copy for every 60,000 slides
                first = Api.copyTestImage(rel);
            } else {
                Files.createLink(root.resolve(rel), first);
            }
            paths.add(rel);
        }
        StringBuilder scores = new StringBuilder();
        QuestionType[] types = QuestionType.values();
        for (int i = 0; i < questions; i++) {
            QuestionType t = types[i % types.length];
            String cfg = t.hasOptions() ? "\tLow;;Mid;;High" : t.isAnnotation() ? "\t#FF0000" : "";
            scores.append("Question ").append(i).append('\t').append(t.name()).append(cfg).append('\n');
        }
        Api.write("study.Bench.scores", scores.toString());
        StringBuilder emails = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            emails.append("user").append(i).append("@example.com;canscore\n");
        }
        Api.write("study.Bench.emails", emails.toString());
        if (inspected) {
            // as if the tile service had already published slide-inspected for every upload
            try (var c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                 var st = c.prepareStatement("INSERT INTO slide_inspection (path, readable, format) VALUES (?, true, "
                         + "'generic-tiff') ON CONFLICT DO NOTHING")) {
                for (String p : paths) {
                    st.setString(1, p);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        String jwt = TestTokens.all();
        StringBuilder out = new StringBuilder();
        out.append("images=").append(images).append(" questions=").append(questions)
                .append(" users=20 slide-inspections-known=").append(inspected).append('\n');
        System.gc();
        resetPeaks();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        JsonPath first1 = Api.post(jwt, "Reimport", "studyName", "Bench").extract().jsonPath();
        long t1 = System.nanoTime();
        assertTrue(first1.getBoolean("success"), first1.getString("log"));
        long id = first1.getLong("id");
        out.append(String.format("first Reimport (creates everything): %.2f s, peak heap %d MiB (heap before %d MiB)%n",
                (t1 - t0) / 1e9, peakHeap() >> 20, heapBefore >> 20));
        ConsumerRecord<String, String> event = studyChanged(id);
        long tEvent = System.nanoTime();
        int zstd = com.github.luben.zstd.Zstd.compress(event.value().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                3).length;
        out.append(String.format("StudyChanged on the broker %.2f s after the Reimport answered: %d bytes of JSON, "
                + "%d bytes with zstd (level 3, the relay's)%n", (tEvent - t1) / 1e9, event.serializedValueSize(), zstd));
        long t2 = System.nanoTime();
        JsonPath again = Api.post(jwt, "Reimport", "studyName", "Bench").extract().jsonPath();
        long t3 = System.nanoTime();
        assertTrue(again.getBoolean("success"), again.getString("log"));
        out.append(String.format("second Reimport (nothing changed): %.2f s%n", (t3 - t2) / 1e9));
        Api.write("study.Bench.scores", scores + "One more\tFreeText\n");
        long t4 = System.nanoTime();
        JsonPath more = Api.post(jwt, "Reimport", "studyName", "Bench").extract().jsonPath();
        long t5 = System.nanoTime();
        assertTrue(more.getBoolean("success"), more.getString("log"));
        out.append(String.format("third Reimport (one question added, snapshot republished): %.2f s%n",
                (t5 - t4) / 1e9));
        long t6 = System.nanoTime();
        int listed = Api.get(jwt, "Images", "studyid", id).extract().jsonPath().getList("$").size();
        long t7 = System.nanoTime();
        assertEquals(images, listed);
        out.append(String.format("Images call (%d images), first: %.3f s%n", listed, (t7 - t6) / 1e9));
        long t6b = System.nanoTime();
        Api.get(jwt, "Images", "studyid", id).extract().asString();
        long t7b = System.nanoTime();
        out.append(String.format("Images call, again: %.3f s%n", (t7b - t6b) / 1e9));
        String snapshot = given().get("/internal/studies/" + id).then().statusCode(200).extract().asString();
        out.append("StudyChanged snapshot JSON: ").append(snapshot.length()).append(" bytes\n");
        long t8 = System.nanoTime();
        String files = Api.get(jwt, "GetConfigFiles", "studyid", id).extract().asString();
        long t9 = System.nanoTime();
        out.append(String.format("GetConfigFiles: %.3f s, %d bytes%n", (t9 - t8) / 1e9, files.length()));
        out.append("Reimport log length: ").append(first1.getString("log").length()).append(" characters\n");
        System.out.print(out);
        Files.writeString(Path.of("target/reimport-benchmark.txt"), out.toString());
    }

    /** The first StudyChanged of the study on the broker (the relay sends it once the import has committed). */
    private ConsumerRecord<String, String> studyChanged(long studyId) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "bench-" + java.util.UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topics.STUDY_CHANGED));
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(java.time.Duration.ofMillis(200))) {
                    if (String.valueOf(studyId).equals(r.key()) && r.value() != null) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no StudyChanged for study " + studyId + " within 10 minutes");
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
