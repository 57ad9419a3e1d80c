package org.slidescore.notification.service;

import io.vertx.ext.mail.SMTPException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How failures are classified and how long the sender waits between attempts. */
class DeliveryPolicyTest {

    @Test
    void backoffDoublesUpToTheCap() {
        Duration initial = Duration.ofSeconds(10);
        Duration max = Duration.ofSeconds(60);
        assertEquals(Duration.ofSeconds(10), DeliveryWorker.backoff(1, initial, max));
        assertEquals(Duration.ofSeconds(20), DeliveryWorker.backoff(2, initial, max));
        assertEquals(Duration.ofSeconds(40), DeliveryWorker.backoff(3, initial, max));
        assertEquals(Duration.ofSeconds(60), DeliveryWorker.backoff(4, initial, max));
        assertEquals(Duration.ofSeconds(60), DeliveryWorker.backoff(500, initial, max));
    }

    @Test
    void smtp5xxIsPermanent() {
        var f = SmtpSender.classify(new SMTPException("rejected", 550, List.of("550 5.1.1 no such user"), false));
        assertTrue(f.permanent());
        assertEquals("SMTP 550 5.1.1 no such user", f.reason());
    }

    @Test
    void smtp4xxIsTransient() {
        var f = SmtpSender.classify(new SMTPException("later", 451, List.of("451 try again later"), false));
        assertFalse(f.permanent());
        assertTrue(f.reason().contains("451"), f.reason());
    }

    @Test
    void connectionProblemsAreTransientAndFoundInsideWrappers() {
        var f = SmtpSender.classify(new CompletionException(new ConnectException("Connection refused")));
        assertFalse(f.permanent());
        assertEquals("ConnectException: Connection refused", f.reason());
    }

    @Test
    void anythingElseIsTransientWithAOneLineReason() {
        var f = SmtpSender.classify(new IllegalStateException("closed\r\nby peer"));
        assertFalse(f.permanent());
        assertEquals("IllegalStateException: closed by peer", f.reason());
    }
}
