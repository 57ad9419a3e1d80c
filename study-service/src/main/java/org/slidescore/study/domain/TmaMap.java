package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A TMA map of a study; its cores are {@link TmaCore} rows. */
@Entity
@Table(name = "tma_map")
public class TmaMap extends PanacheEntity {
    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(nullable = false)
    public String name;

    /** {@code key: value} lines as in the file. */
    @Column(nullable = false, columnDefinition = "TEXT")
    public String header = "";

    @Column(name = "row_count", nullable = false)
    public int rowCount;

    @Column(name = "col_count", nullable = false)
    public int colCount;
}
