package org.slidescore.upload.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An upload token as Hibernate sees it (the tus hot path reads the same table with plain SQL). Its presence also keeps
 * Hibernate Reactive, and so the outbox's transactions, active in this service.
 */
@Entity
@Table(name = "upload_token")
public class UploadTokenEntity extends PanacheEntityBase {
    @Id
    @Column(name = "token", length = 64)
    public String token;

    @Column(name = "folder", nullable = false, columnDefinition = "text")
    public String folder;

    @Column(name = "file_name", nullable = false, columnDefinition = "text")
    public String fileName;

    @Column(name = "api_token_id", nullable = false)
    public String apiTokenId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
