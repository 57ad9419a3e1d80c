package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;

import java.time.Instant;

/** A slide of a study. One file may be in several studies, but only once per study. */
@Entity
public class Image extends PanacheEntity {
    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(nullable = false)
    public String name;

    /** Relative to the images root, {@code /} separators. */
    @Column(nullable = false, length = 2048)
    public String path;

    @Column(name = "file_size", nullable = false)
    public long fileSize;

    @Column(name = "case_id")
    public Long caseId;

    @Column(name = "tma_map_name")
    public String tmaMapName;

    public Integer rotation;

    @Column(nullable = false, columnDefinition = "TEXT")
    public String description = "";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();
}
