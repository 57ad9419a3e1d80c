package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** What the tile service said about a slide file (event or synchronous answer); keyed by root-relative path. */
@Entity
@Table(name = "slide_inspection")
public class SlideInspection extends PanacheEntityBase {
    @Id
    @Column(length = 2048)
    public String path;

    @Column(nullable = false)
    public boolean readable;

    public String format;

    @Column(columnDefinition = "TEXT")
    public String error;

    @Column(name = "inspected_at", nullable = false)
    public Instant inspectedAt = Instant.now();
}
