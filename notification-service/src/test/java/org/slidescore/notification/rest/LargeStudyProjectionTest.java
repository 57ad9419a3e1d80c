package org.slidescore.notification.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.StudyChanged;
import org.slidescore.events.Topics;
import org.slidescore.notification.support.Fixtures;
import org.slidescore.notification.support.GreenMailResource;
import org.slidescore.notification.support.StudyServiceResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;

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
 * Snapshots of 50,000 slides, sent as study-service's outbox relay sends them (one zstd-compressed record of about 7
 * MB of JSON): the projection takes one, and one whose data cannot be read goes to the dead-letter topic whole (its
 * producer compresses and accepts records that large) while the consumer goes on.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "notification"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(StudyServiceResource.class)
class LargeStudyProjectionTest {
    static final int SLIDES = 50_000;

    static StudyChanged largeStudy(long id, long revision) {
        List<StudyChanged.Image> images = new ArrayList<>(SLIDES);
        List<StudyChanged.Case> cases = new ArrayList<>(SLIDES);
        for (int i = 0; i < SLIDES; i++) {
            String name = String.format("slide_%05d", i);
            images.add(new StudyChanged.Image(id * 1_000_000 + i, name, "Large/" + name + ".svs",
                    id * 1_000_000 + 500_000 + i, null, 0, 1_000_000_000L + i, null));
            cases.add(new StudyChanged.Case(id * 1_000_000 + 500_000 + i, name, null));
        }
        return new StudyChanged(id, "Large " + id, "owner-token", revision, Instant.now(), images, List.of(),
                List.of(new StudyChanged.User("reader@example.org", List.of("canscore"))), cases, List.of());
    }

    /** Sends like study-service's relay does: zstd, records up to 64 MiB. */
    static void sendCompressed(String key, String json) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put("compression.type", "zstd");
        p.put("max.request.size", 67_174_400);
        p.put("buffer.memory", 134_348_800L);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.STUDY_CHANGED, key, json)).get(60, TimeUnit.SECONDS);
        }
    }

    static String envelope(StudyChanged s) {
        return EventEnvelope.of("study-service", Map.of("studyId", Long.toString(s.studyId())), s).toJson();
    }

    @Test
    void aLargeSnapshotIsProjectedAndAnUnreadableOneReachesTheDeadLetterTopicWhole() throws Exception {
        StudyChanged big = largeStudy(9101, 1);
        String json = envelope(big);
        assertTrue(json.length() > 5_000_000, json.length() + " bytes");
        sendCompressed("9101", json);
        await().atMost(Duration.ofMinutes(2)).until(() ->
                Fixtures.number("SELECT count(*) FROM known_study WHERE study_id = 9101 AND revision = 1") == 1);
        assertEquals(1, Fixtures.number("SELECT count(*) FROM study_member WHERE study_id = 9101"));

        // the same size, but its revision is not a number: poison, straight to the DLQ
        String poison = envelope(largeStudy(9102, 1)).replace("\"revision\":1,", "\"revision\":\"one\",");
        assertTrue(poison.contains("\"revision\":\"one\""));
        sendCompressed("9102", poison);
        var dead = Fixtures.read(Topics.dlq(Topics.STUDY_CHANGED), r -> "9102".equals(r.key()), 1,
                Duration.ofMinutes(2));
        assertEquals(1, dead.size(), "the unreadable snapshot is on the DLQ");
        assertEquals(poison, dead.get(0).value(), "whole");

        // the consumer went on
        Fixtures.publishStudy(Fixtures.study(9103, "After", 1, "after@example.org"));
        await().atMost(Duration.ofMinutes(1)).until(() ->
                Fixtures.number("SELECT count(*) FROM known_study WHERE study_id = 9103") == 1);
    }
}
