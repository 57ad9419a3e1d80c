package org.slidescore.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class EventEnvelopeTest {

    @Test
    void roundTripsEveryRecordThroughJson() {
        List<SlideScoreEvent> events = List.of(
                new SlideUploaded("X/test-image.TiFF", 98776, "ab", "X", "test-image.TiFF", "t1",
                        SlideUploaded.FileKind.SLIDE, "u1"),
                new ReimportRequested("r1", "X", true, "t1", "admin"),
                new ReimportCompleted("r1", "X", true, 3L, "Imported 1 image"),
                new StudyChanged(3, "X", "t1", 2, Instant.parse("2026-12-04T10:00:00Z"),
                        List.of(new StudyChanged.Image(5, "test-image", "X/test-image.TiFF", null, null, 0, 98776, "")),
                        List.of(new StudyChanged.Question(7, "Test question", "FreeText", "", 1)),
                        List.of(new StudyChanged.User("a@b.c", List.of("canscore"))),
                        List.of(), List.of(new StudyChanged.TmaMap("m", List.of(
                                new StudyChanged.TmaCore(1, 0, 1, "A1", true, false))))),
                new SlideInspected("X/a.tif", false, null, null, null, null, null, null, null, null, "not a TIFF"),
                new ScoresSubmitted(3, "t1", "UploadResults", 2, List.of("a@b.c"), Instant.now()),
                new EmailRequested("e1", 3, "info@slidescore.com", List.of("a@b.c"), "s", "b"),
                new TokenRevoked("t1", Instant.now(), null, "given up"));
        for (SlideScoreEvent event : events) {
            EventEnvelope sent = EventEnvelope.of("test", Map.of("id", "1"), event);
            EventEnvelope received = EventEnvelope.fromJson(sent.toJson());
            assertEquals(sent.eventId(), received.eventId());
            assertEquals(event.getClass().getSimpleName(), received.type());
            assertEquals(1, received.version());
            assertEquals(event, received.dataAs(event.getClass()), "round trip of " + event.getClass());
        }
    }

    @Test
    void nullFieldsAreLeftOutAndUnknownFieldsIgnored() {
        String json = EventEnvelope.of("test", Map.of(), new ReimportCompleted("r", "X", false, null, "log")).toJson();
        assertFalse(json.contains("studyId"), json);
        String withExtra = json.replace("\"success\"", "\"addedLater\":42,\"success\"");
        assertEquals("log", EventEnvelope.fromJson(withExtra).dataAs(ReimportCompleted.class).log());
    }

    @Test
    void malformedEventsAreReportedAsFormatErrors() {
        assertThrows(EventFormatException.class, () -> EventEnvelope.fromJson("not json"));
        assertThrows(EventFormatException.class, () -> EventEnvelope.fromJson("{\"type\":\"X\"}"));
        assertThrows(EventFormatException.class, () -> EventEnvelope.fromJson(null));
        EventEnvelope env = EventEnvelope.of("t", Map.of(), new TokenRevoked("t", Instant.now(), null, null));
        String broken = env.toJson().replace("\"revokedAt\":\"", "\"revokedAt\":\"x");
        assertThrows(EventFormatException.class, () -> EventEnvelope.fromJson(broken).dataAs(TokenRevoked.class));
    }

    @Test
    void topicNamesFollowTheConvention() {
        for (String topic : Topics.ALL) {
            assertTrue(topic.matches("slidescore\\.[a-z]+\\.[a-z-]+\\.v\\d+"), topic);
        }
        assertEquals("slidescore.upload.slide-uploaded.v1.dlq", Topics.dlq(Topics.SLIDE_UPLOADED));
    }
}
