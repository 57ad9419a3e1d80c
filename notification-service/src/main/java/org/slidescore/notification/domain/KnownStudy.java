package org.slidescore.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** This service's copy of a study (from study-changed events or read-through): enough to check rights and users. */
@Entity
@Table(name = "known_study")
public class KnownStudy extends PanacheEntityBase {
    @Id
    @Column(name = "study_id")
    public long studyId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public long revision;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
