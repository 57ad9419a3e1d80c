package org.slidescore.outboxtests;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The producer's state: written in the same transaction as its outbox row. */
@Entity
@Table(name = "probe_item")
public class ProbeItem extends PanacheEntity {
    @Column(nullable = false)
    public String name;
}
