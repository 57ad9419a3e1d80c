package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;

import java.time.Instant;

@Entity
public class Study extends PanacheEntity {
    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "owner_token_id")
    public String ownerTokenId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    @Column(nullable = false)
    public long revision;
}
