package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One core of a TMA map; row and column are 0-based; an empty sample id is an empty core. */
@Entity
@Table(name = "tma_core")
public class TmaCore extends PanacheEntity {
    @Column(name = "map_id", nullable = false)
    public long mapId;

    @Column(name = "row_index", nullable = false)
    public int rowIndex;

    @Column(name = "col_index", nullable = false)
    public int colIndex;

    @Column(name = "sample_id", nullable = false)
    public String sampleId;

    @Column(nullable = false)
    public boolean control;

    @Column(nullable = false)
    public boolean ignored;
}
