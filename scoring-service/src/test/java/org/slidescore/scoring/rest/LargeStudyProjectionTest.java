package org.slidescore.scoring.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
import org.slidescore.testsupport.TestTokens;

import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study of 50,000 slides, far above the old 900,000-byte event limit, arrives the way study-service's outbox relay
 * sends it (one zstd-compressed record) and the projection takes it whole: every image is known to UploadResults.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "scoring"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(FakeStudyService.class)
class LargeStudyProjectionTest {
    static final int SLIDES = 50_000;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    static StudyChanged largeStudy(long id, int slides) {
        List<StudyChanged.Image> images = new ArrayList<>(slides);
        List<StudyChanged.Case> cases = new ArrayList<>(slides);
        for (int i = 0; i < slides; i++) {
            long imageId = id * 1_000_000 + i;
            long caseId = id * 1_000_000 + 500_000 + i;
            String name = String.format("slide_%05d", i);
            images.add(new StudyChanged.Image(imageId, name, "Large-" + id + "/" + name + ".svs", caseId, null, 0,
                    1_000_000_000L + i, null));
            cases.add(new StudyChanged.Case(caseId, name, null));
        }
        return new StudyChanged(id, "large-study-" + id, "owner", 1, Instant.now(), images,
                List.of(new StudyChanged.Question(id * 10 + 1, "Grade", "FreeText", null, 0)),
                List.of(new StudyChanged.User(TestStudies.USER, List.of("canscore"))), cases, List.of());
    }

    /** Sends like study-service's relay does: zstd, records up to 64 MiB. */
    static int sendCompressed(StudyChanged s) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaResource.bootstrapServers());
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

    private long count(String sql, long studyId) throws Exception {
        try (var c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); var st = c.prepareStatement(sql)) {
            st.setLong(1, studyId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    @Test
    void aFiftyThousandSlideSnapshotIsProjectedWhole() throws Exception {
        StudyChanged s = largeStudy(TestStudies.resultsStudy("owner").studyId(), SLIDES);
        int size = sendCompressed(s);
        assertTrue(size > 5_000_000, "the snapshot is " + size + " bytes of JSON");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count("SELECT revision FROM study_snapshot WHERE study_id = ?", s.studyId()) == 1);
        assertEquals(SLIDES, count("SELECT count(*) FROM study_image WHERE study_id = ?", s.studyId()));
        StudyChanged.Image last = s.images().get(SLIDES - 1);
        given().header("Authorization", TestTokens.bearer(TestTokens.all())).accept(ContentType.JSON)
                .formParam("studyid", s.studyId())
                .formParam("results", last.id() + "\t" + last.name() + "\t" + TestStudies.USER + "\tGrade\tfine")
                .post("/Api/UploadResults").then().statusCode(200).body("success", equalTo(true));
    }
}
