package org.slidescore.tile.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;

import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study of 50,000 slides arrives as study-service's outbox relay sends it (one zstd-compressed record of about 7 MB
 * of JSON) and the image projection takes it whole, in two statements; an image that moved in from another study
 * follows it, and a newer snapshot with fewer slides drops the rest.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "tile"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(NeighbourServicesResource.class)
class LargeStudyProjectionTest {
    static final int SLIDES = 50_000;
    static final long STUDY = 880_001;
    static final long OTHER_STUDY = 880_002;
    static final long BASE = 8_800_000_000L;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    static StudyChanged.Image image(long id, int n) {
        String name = String.format("slide_%05d", n);
        return new StudyChanged.Image(id, name, "Large/" + name + ".svs", null, null, 0, 1_000_000_000L + n, null);
    }

    static StudyChanged study(long id, long revision, List<StudyChanged.Image> images) {
        return new StudyChanged(id, "large-" + id, "owner", revision, Instant.now(), images, List.of(), List.of(),
                List.of(), List.of());
    }

    /** Sends like study-service's relay does: zstd, records up to 64 MiB. */
    private int send(StudyChanged s) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("compression.type", "zstd");
        p.put("max.request.size", 67_174_400);
        p.put("buffer.memory", 134_348_800L);
        String json = EventEnvelope.of("study-service", Map.of("studyId", Long.toString(s.studyId())), s).toJson();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.STUDY_CHANGED, Long.toString(s.studyId()), json))
                    .get(60, TimeUnit.SECONDS);
        }
        return json.length();
    }

    private long query(String sql, long arg) throws Exception {
        try (var c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); var st = c.prepareStatement(sql)) {
            st.setLong(1, arg);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private String row(long imageId) throws Exception {
        try (var c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
             var st = c.prepareStatement("SELECT study_id, name, path, file_size FROM projected_image WHERE image_id = ?")) {
            st.setLong(1, imageId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getLong(4)
                        : "none";
            }
        }
    }

    @Test
    void aFiftyThousandSlideSnapshotIsProjectedWhole() throws Exception {
        long moved = BASE + SLIDES - 1;
        send(study(OTHER_STUDY, 1, List.of(new StudyChanged.Image(moved, "elsewhere", "Other/x.svs", null, null, 0,
                5, null))));
        await().atMost(Duration.ofMinutes(2)).until(() -> row(moved).startsWith(OTHER_STUDY + " "));

        List<StudyChanged.Image> images = new ArrayList<>(SLIDES);
        for (int i = 0; i < SLIDES; i++) {
            images.add(image(BASE + i, i));
        }
        int size = send(study(STUDY, 1, images));
        assertTrue(size > 5_000_000, "the snapshot is " + size + " bytes of JSON");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                query("SELECT revision FROM projected_study WHERE study_id = ?", STUDY) == 1);
        assertEquals(SLIDES, query("SELECT count(*) FROM projected_image WHERE study_id = ?", STUDY));
        assertEquals(STUDY + " slide_00000 Large/slide_00000.svs 1000000000", row(BASE));
        assertEquals(STUDY + " slide_49999 Large/slide_49999.svs 1000049999", row(moved), "moved in");
        assertEquals(0, query("SELECT count(*) FROM projected_image WHERE study_id = ?", OTHER_STUDY));

        send(study(STUDY, 2, images.subList(0, 1000)));
        await().atMost(Duration.ofMinutes(2)).until(() ->
                query("SELECT revision FROM projected_study WHERE study_id = ?", STUDY) == 2);
        assertEquals(1000, query("SELECT count(*) FROM projected_image WHERE study_id = ?", STUDY));
        assertEquals("none", row(moved));
    }
}
