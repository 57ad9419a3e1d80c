package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
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

    private static final String UPSERT = "INSERT INTO slide_inspection (path, readable, format, error, inspected_at) "
            + "VALUES (:path, :readable, CAST(:format AS VARCHAR), CAST(:error AS TEXT), now()) "
            + "ON CONFLICT (path) DO UPDATE SET readable = EXCLUDED.readable, format = EXCLUDED.format, "
            + "error = EXCLUDED.error, inspected_at = EXCLUDED.inspected_at";

    /**
     * Stores what the tile service said about {@code path}, replacing an older answer, in the current transaction.
     * One statement, so the slide-inspected consumer and a Reimport that asked the tile service itself can store the
     * same new path at the same time: the second waits for the first and then updates (no duplicate key).
     */
    public static Uni<Void> upsert(String path, boolean readable, String format, String error) {
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter("path", path)
                .setParameter("readable", readable)
                .setParameter("format", format)
                .setParameter("error", error)
                .executeUpdate()).replaceWithVoid();
    }
}
