package org.slidescore.study;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.study.support.Api;
import org.slidescore.study.support.ImagesRootResource;
import org.slidescore.study.support.LongReimportProfile;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study far above the old 900,000-byte event limit: Reimport of 20,000 slides whose names are random (so the
 * snapshot, about 4.7 MB of JSON, still takes about 1.9 MB compressed, above Kafka's default 1 MB limit), through the
 * real broker with the study-changed topic configured as deploy/compose/topics.txt says. The {@code StudyChanged}
 * event must arrive whole: every image, every case. Slides are hard links to one file and their inspections are
 * pre-filled, as in {@code ReimportBenchmark}, so the import itself stays quick.
 */
@QuarkusTest
@TestProfile(LongReimportProfile.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class LargeStudyEventTest {
    static final int SLIDES = 20_000;
    static final int OLD_LIMIT = 900_000;
    static final int KAFKA_DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    /** The extra topic settings of deploy/compose/topics.txt for {@code topic} (fourth column on). */
    static Map<String, String> deployedTopicConfig(String topic) throws Exception {
        Path file = Path.of("..", "deploy", "compose", "topics.txt");
        Map<String, String> config = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[0].equals(topic)) {
                for (int i = 3; i < f.length; i++) {
                    String[] kv = f[i].split("=", 2);
                    config.put(kv[0], kv[1]);
                }
            }
        }
        return config;
    }

    /** Gives the study-changed topic (created now, or auto-created by an earlier test) the deployed settings. */
    private void configureTopicAsDeployed(Map<String, String> config) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!existing.contains(Topics.STUDY_CHANGED)) {
                Map<String, String> all = new HashMap<>(config);
                all.put("cleanup.policy", "compact");
                admin.createTopics(List.of(new NewTopic(Topics.STUDY_CHANGED, 1, (short) 1).configs(all)))
                        .all().get(30, TimeUnit.SECONDS);
            } else {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STUDY_CHANGED);
                List<AlterConfigOp> ops = config.entrySet().stream().map(e -> new AlterConfigOp(
                        new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
                admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void reimportOfTwentyThousandSlidesPublishesTheWholeSnapshot() throws Exception {
        Map<String, String> deployed = deployedTopicConfig(Topics.STUDY_CHANGED);
        assertTrue(Integer.parseInt(deployed.getOrDefault("max.message.bytes", "0")) > KAFKA_DEFAULT_MESSAGE_MAX_BYTES,
                "topics.txt raises max.message.bytes of " + Topics.STUDY_CHANGED + ": " + deployed);
        configureTopicAsDeployed(deployed);

        Path root = ImagesRootResource.root();
        Path first = Api.copyTestImage("Pool/seed.tif");
        Files.createDirectories(root.resolve("Huge"));
        Random random = new Random(42);
        Set<String> names = new HashSet<>();
        List<String> paths = new ArrayList<>();
        while (names.size() < SLIDES) {
            StringBuilder name = new StringBuilder("s");
            for (int c = 0; c < 63; c++) {
                name.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
            }
            if (names.add(name.toString())) {
                String rel = "Huge/" + name + ".tif";
                Files.createLink(root.resolve(rel).toAbsolutePath(), first);
                paths.add(rel);
            }
        }
        Api.write("study.Huge.scores", "Grade\tDropDown\tLow;;High\nTumour\tAnnoShapes\t#FF0000\n");
        try (var c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             var st = c.prepareStatement("INSERT INTO slide_inspection (path, readable, format) VALUES (?, true, "
                     + "'generic-tiff') ON CONFLICT DO NOTHING")) {
            for (String p : paths) {
                st.setString(1, p);
                st.addBatch();
            }
            st.executeBatch();
        }

        JsonPath answer = Api.post(TestTokens.all(), "Reimport", "studyName", "Huge").extract().jsonPath();
        assertTrue(answer.getBoolean("success"), answer.getString("log"));
        long id = answer.getLong("id");

        ConsumerRecord<String, String> record = latestSnapshot(id);
        assertTrue(record.serializedValueSize() > 4 * OLD_LIMIT,
                "the snapshot is " + record.serializedValueSize() + " bytes");
        // still above Kafka's default limit once compressed (zstd level 3, the producer's default): only the topic's
        // max.message.bytes from topics.txt lets it in
        int compressed = com.github.luben.zstd.Zstd.compress(record.value().getBytes(StandardCharsets.UTF_8), 3).length;
        assertTrue(compressed > KAFKA_DEFAULT_MESSAGE_MAX_BYTES, "compressed to " + compressed + " bytes");
        System.out.printf("StudyChanged of %d slides: %d bytes of JSON, %d bytes with zstd%n", SLIDES,
                record.serializedValueSize(), compressed);
        StudyChanged s = EventEnvelope.fromJson(record.value()).dataAs(StudyChanged.class);
        assertEquals(id, s.studyId());
        assertEquals("Huge", s.name());
        assertEquals(SLIDES, s.images().size());
        assertEquals(SLIDES, s.cases().size());
        assertEquals(2, s.questions().size());
        Set<String> imageNames = new HashSet<>();
        Set<Long> caseIds = new HashSet<>();
        s.cases().forEach(c -> caseIds.add(c.id()));
        for (StudyChanged.Image i : s.images()) {
            imageNames.add(i.name());
            assertEquals("Huge/" + i.name() + ".tif", i.path());
            assertNotNull(i.caseId());
            assertTrue(caseIds.contains(i.caseId()), "case " + i.caseId() + " of image " + i.id());
        }
        assertEquals(names, imageNames);
        // nothing was parked by the relay: the broker took the record
        try (var c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             var st = c.prepareStatement("SELECT count(*) FROM outbox_event WHERE failed_at IS NOT NULL")) {
            try (var rs = st.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    /** The study's snapshot as read from the broker (the last one with its key). */
    private ConsumerRecord<String, String> latestSnapshot(long studyId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(Topics.STUDY_CHANGED));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            ConsumerRecord<String, String> found = null;
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (String.valueOf(studyId).equals(r.key()) && r.value() != null) {
                        found = r;
                    }
                }
            }
            assertNotNull(found, "no StudyChanged for study " + studyId + " on the broker within 3 minutes");
            return found;
        }
    }
}
