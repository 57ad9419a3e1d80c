package org.slidescore.notification.rest;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.slidescore.events.EmailRequested;
import org.slidescore.events.EventEnvelope;
import org.slidescore.notification.support.Fixtures;
import org.slidescore.notification.support.GreenMailResource;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

final class Helpers {

    /** Publishes the study on the real broker (once per revision) and waits until the projection has its users. */
    static void projectStudy(long id, String name, String... users) {
        if (Fixtures.number("SELECT count(*) FROM known_study WHERE study_id = ?", id) == 1) {
            return;
        }
        Fixtures.publishStudy(Fixtures.study(id, name, 1, users));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Fixtures.number("SELECT count(*) FROM study_member WHERE study_id = ?", id) == users.length);
    }

    static List<MimeMessage> messagesTo(GreenMailResource.Smtp smtp, String address) {
        if (smtp.server() == null) {
            return List.of();
        }
        return Arrays.stream(smtp.server().getReceivedMessages()).filter(m -> {
            try {
                Address[] to = m.getRecipients(Message.RecipientType.TO);
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Waits for the first message to {@code address} and checks that no second one came with it. */
    static MimeMessage awaitOne(GreenMailResource.Smtp smtp, String address) {
        await().atMost(SendEmailTest.MAIL_WAIT).until(() -> !messagesTo(smtp, address).isEmpty());
        List<MimeMessage> messages = messagesTo(smtp, address);
        if (messages.size() != 1) {
            throw new AssertionError(messages.size() + " messages to " + address);
        }
        return messages.get(0);
    }

    /** The text/plain part (of a multipart/alternative message, or the whole message). */
    static String text(MimeMessage m) throws MessagingException, IOException {
        return part(m, "text/plain");
    }

    /** The text/html part of a multipart/alternative message. */
    static String html(MimeMessage m) throws MessagingException, IOException {
        return part(m, "text/html");
    }

    private static String part(MimeMessage m, String type) throws MessagingException, IOException {
        Object content = m.getContent();
        if (content instanceof String s && m.isMimeType(type)) {
            return s.replace("\r\n", "\n");
        }
        if (content instanceof MimeMultipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return ((String) part.getContent()).replace("\r\n", "\n");
                }
            }
        }
        throw new AssertionError("no " + type + " part in " + m.getContentType());
    }

    /** An EmailRequested event as notification-service's outbox would publish it. */
    static String emailEvent(long studyId, String to, String subject) {
        String requestId = UUID.randomUUID().toString();
        return EventEnvelope.of("notification-service", Map.of("studyId", Long.toString(studyId), "requestId",
                requestId), new EmailRequested(requestId, studyId, "info@slidescore.com", List.of(to), subject,
                "body of " + subject)).toJson();
    }

    private Helpers() {
    }
}
