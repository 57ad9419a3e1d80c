package org.slidescore.notification.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.Right;
import org.slidescore.events.EmailRequested;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.Topics;
import org.slidescore.notification.support.Fixtures;
import org.slidescore.notification.support.GreenMailResource;
import org.slidescore.notification.support.StudyServiceResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.TestTokens;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SendEmail end to end: real broker, real PostgreSQL, real SMTP server (GreenMail), the outbox relay in between. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "notification"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(StudyServiceResource.class)
class SendEmailTest {
    static final long STUDY = 101;
    static final String LINK = "https://scores.example.test/Study/Score?studyId=101";
    static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    @GreenMailResource.InjectSmtp
    GreenMailResource.Smtp smtp;

    @StudyServiceResource.InjectStudies
    StudyServiceResource.Studies studyService;

    static final String[] USERS = {"alice@example.org", "Bob@example.org", "erin@example.org", "frank@example.org",
            "grace@example.org", "heidi@example.org", "ivan@example.org", "judy@example.org", "ken@example.org",
            "rights@example.org", "long@example.org", "uwe@example.org", "zoe@example.org", "oscar@example.org"};

    @BeforeEach
    void studyIsProjected() {
        smtp.start();
        Helpers.projectStudy(STUDY, "Lung_HE", USERS);
    }

    @Test
    void sendsOneMessagePerRecipientFromTheConfiguredSenderWithTheLinkReplaced() throws Exception {
        send(Map.of("studyId", "101", "to", "alice@example.org; bob@EXAMPLE.org",
                "subject", "Please score Lung_HE",
                "body", "Dear colleague,\n\n<LINK:Start Scoring>\n\nor <LINK:open the study> when you can."))
                .body(equalTo("{}"));

        MimeMessage alice = Helpers.awaitOne(smtp, "alice@example.org");
        MimeMessage bob = Helpers.awaitOne(smtp, "bob@EXAMPLE.org");
        for (MimeMessage m : List.of(alice, bob)) {
            assertEquals("info@slidescore.com", m.getFrom()[0].toString());
            assertEquals("Please score Lung_HE", m.getSubject());
            String text = Helpers.text(m);
            assertTrue(text.contains("Start Scoring (" + LINK + ")"), text);
            assertTrue(text.contains("or open the study (" + LINK + ") when you can."), text);
            assertFalse(text.contains("<LINK:"), text);
            assertTrue(m.isMimeType("multipart/alternative"), m.getContentType());
            String html = Helpers.html(m);
            assertTrue(html.contains("<a href=\"" + LINK + "\">Start Scoring</a>"), html);
            assertTrue(html.contains("or <a href=\"" + LINK + "\">open the study</a> when you can."), html);
            assertEquals(1, m.getHeader("Message-ID").length);
        }
        assertArrayEquals(new String[]{"alice@example.org"}, Arrays.stream(alice.getRecipients(Message.RecipientType.TO))
                .map(Object::toString).toArray());
        assertArrayEquals(new String[]{"bob@EXAMPLE.org"}, Arrays.stream(bob.getRecipients(Message.RecipientType.TO))
                .map(Object::toString).toArray());

        await().atMost(MAIL_WAIT).untilAsserted(() -> status(STUDY, null)
                .body("success", equalTo(true))
                .body("deliveries.findAll { it.to == 'alice@example.org' }.status", equalTo(List.of("sent")))
                .body("deliveries.findAll { it.to == 'bob@EXAMPLE.org' }.status", equalTo(List.of("sent")))
                .body("deliveries.findAll { it.to == 'alice@example.org' }.subject",
                        equalTo(List.of("Please score Lung_HE"))));
    }

    @Test
    void keepsNonAsciiTextAndAcceptsRepeatedToParameters() throws Exception {
        given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetConfig)))
                .contentType(ContentType.URLENC.withCharset("UTF-8"))
                .formParam("studyId", "101").formParam("to", "uwe@example.org").formParam("to", "zoe@example.org")
                .formParam("subject", "Präparat 7 – bitte bewerten")
                .formParam("body", "Größe 0,25 µm/px; Ärztin: Zoë\n<LINK:Beginnen>")
                .when().post("/Api/SendEmail").then().statusCode(200).body(equalTo("{}"));
        for (String to : List.of("uwe@example.org", "zoe@example.org")) {
            await().atMost(MAIL_WAIT).until(() -> Helpers.messagesTo(smtp, to).stream().anyMatch(m -> {
                try {
                    return m.getSubject().equals("Präparat 7 – bitte bewerten");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        MimeMessage m = Helpers.messagesTo(smtp, "uwe@example.org").stream().filter(x -> {
            try {
                return x.getSubject().startsWith("Präparat");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        assertEquals("Größe 0,25 µm/px; Ärztin: Zoë\nBeginnen (" + LINK + ")", Helpers.text(m).strip());
        assertEquals("Größe 0,25 µm/px; Ärztin: Zoë<br>\n<a href=\"" + LINK + "\">Beginnen</a>",
                Helpers.html(m).strip());
    }

    @Test
    void aBodyWithLinesLongerThanSmtpAllowsArrivesIntact() throws Exception {
        String line = "0123456789".repeat(500);
        String body = line + "\n" + "." + "\n.\n" + line + " <script>alert(1)</script> <LINK:Start Scoring>";
        send(Map.of("studyId", "101", "to", "long@example.org", "subject", "Long lines", "body", body))
                .body(equalTo("{}"));
        MimeMessage m = Helpers.awaitOne(smtp, "long@example.org");
        assertEquals(line + "\n.\n.\n" + line + " <script>alert(1)</script> Start Scoring (" + LINK + ")",
                Helpers.text(m).strip());
        assertEquals(line + "<br>\n.<br>\n.<br>\n" + line + " &lt;script&gt;alert(1)&lt;/script&gt; <a href=\""
                + LINK + "\">Start Scoring</a>", Helpers.html(m).strip());
    }

    @Test
    void refusesAnAddressThatIsNotAUserOfTheStudyAndSendsNothing() {
        long requests = Fixtures.number("SELECT count(*) FROM email_request");
        int asked = studyService.requests();
        send(Map.of("studyId", "101", "to", "alice@example.org;mallory@example.org", "subject", "s", "body", "b"))
                .body(equalTo("{\"success\":false,\"log\":\"mallory@example.org is not a user of study 101\"}"));
        assertEquals(requests, Fixtures.number("SELECT count(*) FROM email_request"));
        assertEquals(0, Fixtures.number("SELECT count(*) FROM email_delivery WHERE recipient LIKE 'mallory%'"));
        assertTrue(studyService.requests() > asked, "study-service is asked before an address is refused");
        assertEquals(0, Helpers.messagesTo(smtp, "mallory@example.org").size());
    }

    @Test
    void readsThroughToStudyServiceForAStudyThatIsNotProjectedYet() throws Exception {
        studyService.put(Fixtures.study(202, "Fresh_Study", 1, "carol@example.org"));
        send(Map.of("studyId", "202", "to", "carol@example.org", "subject", "Just imported",
                "body", "<LINK:Start Scoring>")).body(equalTo("{}"));
        MimeMessage carol = Helpers.awaitOne(smtp, "carol@example.org");
        assertEquals("Start Scoring (https://scores.example.test/Study/Score?studyId=202)", Helpers.text(carol).strip());
        assertEquals(1, Fixtures.number("SELECT count(*) FROM known_study WHERE study_id = 202"));
    }

    @Test
    void findsAUserThatAReimportJustAddedThroughStudyService() throws Exception {
        Helpers.projectStudy(303, "Growing", "olivia@example.org");
        studyService.put(Fixtures.study(303, "Growing", 2, "olivia@example.org", "dave@example.org"));
        send(Map.of("studyId", "303", "to", "dave@example.org", "subject", "Welcome", "body", "hi"))
                .body(equalTo("{}"));
        Helpers.awaitOne(smtp, "dave@example.org");
    }

    @Test
    void anUnknownStudyIsRefused() {
        send(Map.of("studyId", "9999", "to", "alice@example.org", "subject", "s", "body", "b"))
                .body(equalTo("{\"success\":false,\"log\":\"Study 9999 not found\"}"));
    }

    @Test
    void saysSoWhenStudyServiceCannotBeAskedAboutAnUnknownStudy() {
        studyService.down(true);
        try {
            send(Map.of("studyId", "9998", "to", "alice@example.org", "subject", "s", "body", "b"))
                    .body(equalTo("{\"success\":false,\"log\":\"Could not look up the study right now;"
                            + " please try again later\"}"));
        } finally {
            studyService.down(false);
        }
    }

    @Test
    void refusesHeaderInjectionBadAddressesAndOverlongInput() {
        long requests = Fixtures.number("SELECT count(*) FROM email_request");
        refused(Map.of("studyId", "101", "to", "alice@example.org", "subject", "Hi\r\nBcc: mallory@example.org",
                "body", "b"), "subject must not contain line breaks");
        refused(Map.of("studyId", "101", "to", "alice@example.org\r\nBcc: mallory@example.org", "subject", "s",
                "body", "b"), "to must not contain line breaks");
        refused(Map.of("studyId", "101", "to", "Alice <alice@example.org>", "subject", "s", "body", "b"),
                "'Alice <alice@example.org>' is not an e-mail address");
        refused(Map.of("studyId", "101", "to", "alice@example.org", "subject", "x".repeat(256), "body", "b"),
                "subject is 256 characters long; at most 255 are allowed");
        refused(Map.of("studyId", "101", "to", "alice@example.org", "subject", "s", "body", "y".repeat(100_001)),
                "body is 100001 characters long; at most 100000 are allowed");
        refused(Map.of("studyId", "101", "to", "alice@example.org", "body", "b"), "Missing parameter subject");
        refused(Map.of("studyId", "101", "subject", "s", "body", "b"), "Missing parameter to");
        refused(Map.of("studyId", "Lung", "to", "alice@example.org", "subject", "s", "body", "b"),
                "Parameter studyId must be a whole number, got 'Lung'");
        assertEquals(requests, Fixtures.number("SELECT count(*) FROM email_request"));
    }

    /** The value of one Prometheus sample line (name with its labels), or -1 when absent. */
    private static double meter(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim().split(" ")[0]);
            }
        }
        return -1;
    }

    @Test
    void retriesWhileTheSmtpServerIsDownAndDeliversWhenItIsBack() throws Exception {
        smtp.stop();
        send(Map.of("studyId", "101", "to", "erin@example.org", "subject", "Retry me", "body", "b"))
                .body(equalTo("{}"));
        await().atMost(MAIL_WAIT).until(() -> Fixtures.number(
                "SELECT count(*) FROM email_delivery WHERE recipient = 'erin@example.org' AND status = 'QUEUED'"
                        + " AND attempts >= 2 AND last_error IS NOT NULL") == 1);
        status(STUDY, null).body("deliveries.findAll { it.to == 'erin@example.org' }.status", equalTo(List.of("queued")));
        smtp.start();
        MimeMessage erin = Helpers.awaitOne(smtp, "erin@example.org");
        assertEquals("Retry me", erin.getSubject());
        await().atMost(MAIL_WAIT).until(() -> Fixtures.number(
                "SELECT count(*) FROM email_delivery WHERE recipient = 'erin@example.org' AND status = 'SENT'") == 1);
        await().atMost(MAIL_WAIT).until(() -> meter(given().get("/q/metrics").then().extract().asString(),
                "slidescore_email_sent_total") >= 1);
    }

    @Test
    void failsAndDeadLettersADeliveryWhoseRetriesRunOut() {
        smtp.stop();
        try {
            send(Map.of("studyId", "101", "to", "frank@example.org", "subject", "Never arrives", "body", "b"))
                    .body(equalTo("{}"));
            await().atMost(MAIL_WAIT).untilAsserted(() -> status(STUDY, null)
                    .body("deliveries.findAll { it.to == 'frank@example.org' }.status", equalTo(List.of("failed"))));
            String error = status(STUDY, null).extract()
                    .path("deliveries.find { it.to == 'frank@example.org' }.error");
            assertTrue(error.startsWith("gave up after 6 attempts: "), error);
            // the meters operators watch: 5 retried attempts, then one failure for good
            await().atMost(MAIL_WAIT).untilAsserted(() -> {
                String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
                assertTrue(meter(metrics, "slidescore_email_failed_total{reason=\"gave-up\"}") >= 1, "email failed");
                assertTrue(meter(metrics, "slidescore_email_retries_total") >= 5, "email retries");
            });
        } finally {
            smtp.start();
        }
        var dead = Fixtures.read(Topics.dlq(Topics.EMAIL_REQUESTED),
                r -> r.value() != null && r.value().contains("frank@example.org"), 1, MAIL_WAIT);
        assertEquals(1, dead.size());
        EventEnvelope envelope = EventEnvelope.fromJson(dead.get(0).value());
        assertEquals(List.of("frank@example.org"), envelope.dataAs(EmailRequested.class).to());
        assertTrue(envelope.subject().get("reason").startsWith("gave up after 6 attempts"));
        assertEquals("101", dead.get(0).key());
    }

    @Test
    void aPermanentRefusalFailsAtOnceAndIsDeadLettered() {
        try (var refusal = smtp.refuseRecipients()) {
            send(Map.of("studyId", "101", "to", "oscar@example.org", "subject", "Refused", "body", "b"))
                    .body(equalTo("{}"));
            await().atMost(MAIL_WAIT).until(() -> Fixtures.number("SELECT count(*) FROM email_delivery"
                    + " WHERE recipient = 'oscar@example.org' AND status = 'FAILED'") == 1);
        } finally {
            smtp.start();
        }
        status(STUDY, null)
                .body("deliveries.find { it.to == 'oscar@example.org' }.attempts", equalTo(1))
                .body("deliveries.find { it.to == 'oscar@example.org' }.error",
                        equalTo("SMTP 550 5.1.1 mailbox unavailable"));
        var dead = Fixtures.read(Topics.dlq(Topics.EMAIL_REQUESTED),
                r -> r.value() != null && r.value().contains("oscar@example.org"), 1, MAIL_WAIT);
        assertEquals(1, dead.size());
    }

    @Test
    void aRedeliveredEventSendsOnce() throws Exception {
        String json = Helpers.emailEvent(STUDY, "grace@example.org", "Only once");
        Fixtures.send(Topics.EMAIL_REQUESTED, "101", json);
        Fixtures.send(Topics.EMAIL_REQUESTED, "101", json);
        // same key, same partition: once the marker is delivered, both copies above have been consumed
        Fixtures.send(Topics.EMAIL_REQUESTED, "101", Helpers.emailEvent(STUDY, "heidi@example.org", "marker"));
        Helpers.awaitOne(smtp, "heidi@example.org");
        Helpers.awaitOne(smtp, "grace@example.org");
        await().atMost(MAIL_WAIT).until(() -> Fixtures.number("SELECT count(*) FROM email_delivery"
                + " WHERE recipient = 'grace@example.org' AND status = 'SENT'") == 1);
        assertEquals(1, Helpers.messagesTo(smtp, "grace@example.org").size());

        // even when the consumer's record of the event is gone, the (event, recipient) delivery is not sent again
        String eventId = EventEnvelope.fromJson(json).eventId().toString();
        assertEquals(1, Fixtures.update("DELETE FROM processed_event WHERE event_id = ?::uuid", eventId));
        Fixtures.send(Topics.EMAIL_REQUESTED, "101", json);
        Fixtures.send(Topics.EMAIL_REQUESTED, "101", Helpers.emailEvent(STUDY, "ivan@example.org", "marker"));
        Helpers.awaitOne(smtp, "ivan@example.org");
        assertEquals(1, Helpers.messagesTo(smtp, "grace@example.org").size());
        assertEquals(1, Fixtures.number("SELECT count(*) FROM email_delivery WHERE recipient = 'grace@example.org'"));
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopic() {
        Fixtures.send(Topics.EMAIL_REQUESTED, "101", "{\"not\":\"an envelope\", \"marker\":\"poison-7\"}");
        var dead = Fixtures.read(Topics.dlq(Topics.EMAIL_REQUESTED),
                r -> r.value() != null && r.value().contains("poison-7"), 1, MAIL_WAIT);
        assertEquals(1, dead.size());
        // and the consumer goes on
        Fixtures.send(Topics.EMAIL_REQUESTED, "101", Helpers.emailEvent(STUDY, "nina@example.org", "after poison"));
        await().atMost(MAIL_WAIT).until(() -> Helpers.messagesTo(smtp, "nina@example.org").stream().anyMatch(x -> {
            try {
                return x.getSubject().equals("after poison");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Test
    void deliveriesLeftBehindByACrashAreSent() throws Exception {
        // a sender died while holding judy's delivery (its claim ran out); ken's event was recorded but not sent
        UUID request = UUID.randomUUID();
        Fixtures.update("INSERT INTO email_request (id, event_id, study_id, sender, subject, body, created_at)"
                + " VALUES (?, ?, 101, 'info@slidescore.com', 'After a crash', 'b', now())", request, UUID.randomUUID());
        Fixtures.update("INSERT INTO email_delivery (request_id, event_id, study_id, recipient, status, attempts,"
                + " next_attempt_at, queued_at, updated_at) SELECT id, event_id, 101, 'judy@example.org', 'SENDING', 1,"
                + " now() - interval '1 second', now(), now() FROM email_request WHERE id = ?", request);
        Fixtures.update("INSERT INTO email_delivery (request_id, event_id, study_id, recipient, status, attempts,"
                + " next_attempt_at, queued_at, updated_at) SELECT id, event_id, 101, 'ken@example.org', 'QUEUED', 0,"
                + " now(), now(), now() FROM email_request WHERE id = ?", request);
        assertEquals("After a crash", Helpers.awaitOne(smtp, "judy@example.org").getSubject());
        assertEquals("After a crash", Helpers.awaitOne(smtp, "ken@example.org").getSubject());
        await().atMost(MAIL_WAIT).until(() -> Fixtures.number("SELECT count(*) FROM email_delivery"
                + " WHERE request_id = ?::uuid AND status = 'SENT'", request.toString()) == 2);
    }

    @Test
    void aDeliveryClaimedByAnotherLiveSenderIsLeftAloneUntilItsClaimRunsOut() throws Exception {
        UUID request = UUID.randomUUID();
        Fixtures.update("INSERT INTO email_request (id, event_id, study_id, sender, subject, body, created_at)"
                + " VALUES (?, ?, 101, 'info@slidescore.com', 'Claimed elsewhere', 'b', now())", request,
                UUID.randomUUID());
        Fixtures.update("INSERT INTO email_delivery (request_id, event_id, study_id, recipient, status, attempts,"
                + " next_attempt_at, queued_at, updated_at) SELECT id, event_id, 101, 'mike@example.org', 'SENDING', 1,"
                + " now() + interval '1 hour', now(), now() FROM email_request WHERE id = ?", request);
        // the poller runs every second: for three seconds it must keep its hands off another sender's claim
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> Helpers.messagesTo(smtp, "mike@example.org").isEmpty());
        // that sender dies: its claim runs out, and the delivery is taken over and sent once
        Fixtures.update("UPDATE email_delivery SET next_attempt_at = now() - interval '1 second'"
                + " WHERE recipient = 'mike@example.org'");
        assertEquals("Claimed elsewhere", Helpers.awaitOne(smtp, "mike@example.org").getSubject());
        await().atMost(MAIL_WAIT).until(() -> Fixtures.number("SELECT attempts FROM email_delivery"
                + " WHERE recipient = 'mike@example.org' AND status = 'SENT'") == 2);
    }

    @Test
    void statusCanBeLimitedToChangesSinceATime() {
        status(STUDY, "2999-01-01T00:00:00Z").body("success", equalTo(true)).body("deliveries.size()", equalTo(0));
        status(STUDY, "2000-01-01").body("success", equalTo(true));
        given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetConfig)))
                .contentType(ContentType.URLENC).formParam("studyId", "101").formParam("since", "yesterday")
                .get("/Api/GetEmailStatus").then().statusCode(200)
                .body(equalTo("{\"success\":false,\"log\":\"since must be an ISO 8601 date and time with a time zone,"
                        + " e.g. 2026-01-31T12:00:00Z, or a date\"}"));
    }

    private static ValidatableResponse send(Map<String, String> form) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetConfig)))
                .contentType(ContentType.URLENC).formParams(form)
                .when().post("/Api/SendEmail").then().statusCode(200);
    }

    private static void refused(Map<String, String> form, String log) {
        send(form).body("success", equalTo(false)).body("log", equalTo(log));
    }

    /** The Python SDK's way: a GET with a form body. */
    static ValidatableResponse status(long studyId, String since) {
        var request = given().header("Authorization", TestTokens.bearer(TestTokens.with(Right.CanGetConfig)))
                .accept(ContentType.JSON).contentType(ContentType.URLENC).formParam("studyid", Long.toString(studyId));
        if (since != null) {
            request.formParam("since", since);
        }
        return request.when().get("/Api/GetEmailStatus").then().statusCode(200);
    }
}
