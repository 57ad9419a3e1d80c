package org.slidescore.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An accepted SendEmail call; {@link #body} already has its link tokens resolved. */
@Entity
@Table(name = "email_request")
public class EmailRequest extends PanacheEntityBase {
    @Id
    public UUID id;

    /** The id of the EmailRequested event that carries this request. */
    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(name = "token_id")
    public String tokenId;

    @Column(nullable = false)
    public String sender;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false, columnDefinition = "text")
    public String body;

    /** The HTML alternative (links as anchors); null for plain-text requests. */
    @Column(name = "html_body", columnDefinition = "text")
    public String htmlBody;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
