package org.slidescore.notification.service;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Sends one message to one recipient through the configured SMTP server and says whether a failure may pass. */
@ApplicationScoped
public class SmtpSender {

    /** What went wrong with one attempt; {@code permanent} failures (SMTP 5xx) are not retried. */
    public record Failure(boolean permanent, String reason) {
    }

    private final ReactiveMailer mailer;

    public SmtpSender(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    /**
     * @param html      the HTML alternative, or null for a plain-text message
     * @param messageId a Message-ID that is the same for every attempt of this delivery, so that a receiver can
     *                  recognise the rare duplicate (SMTP accepted, then the service died before recording it)
     */
    public Uni<Void> send(String from, String to, String subject, String body, String html, String messageId) {
        Mail mail = Mail.withText(to, subject, body).setFrom(from).addHeader("Message-ID", messageId);
        if (html != null) {
            mail.setHtml(html); // multipart/alternative: the text part stays for plain-text readers
        }
        return mailer.send(mail);
    }

    public static Failure classify(Throwable error) {
        Throwable t = error;
        while (t != null) {
            if (t instanceof SMTPException smtp) {
                String code = Integer.toString(smtp.getReplyCode());
                String reply = oneLine(smtp.getReplyMessage());
                if (reply.startsWith(code)) {
                    reply = reply.substring(code.length()).replaceFirst("^[ -]", "");
                }
                String reason = "SMTP " + code + " " + reply;
                return new Failure(smtp.isPermanent(), reason);
            }
            if (t instanceof ConnectException || t instanceof TimeoutException) {
                return new Failure(false, t.getClass().getSimpleName() + ": " + oneLine(t.getMessage()));
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return new Failure(false, error.getClass().getSimpleName() + ": " + oneLine(error.getMessage()));
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("[\\r\\n]+", " ").strip();
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
