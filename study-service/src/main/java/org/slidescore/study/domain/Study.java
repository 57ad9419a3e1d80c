package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;

import java.time.Instant;

/** A study: its name is unique and never changes; everything else hangs off its id. */
@Entity
public class Study extends PanacheEntity {
    @Column(nullable = false, unique = true)
    public String name;

    /** Id of the API token whose Reimport created the study. */
    @Column(name = "owner_token_id")
    public String ownerTokenId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    /** Incremented on every change; carried by StudyChanged. */
    @Column(nullable = false)
    public long revision;

    /** {@code study.<name>.config} properties, in the file form {@code StudyConfigFile} writes. */
    @Column(nullable = false, columnDefinition = "TEXT")
    public String properties = "";
}
