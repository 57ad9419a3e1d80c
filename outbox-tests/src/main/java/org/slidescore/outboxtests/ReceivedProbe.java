package org.slidescore.outboxtests;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

/** The consumer's effect: one row per application of a ProbeCreated event (so a duplicate would be visible). */
@Entity
@Table(name = "received_probe")
public class ReceivedProbe extends PanacheEntity {
    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(nullable = false)
    public String name;
}
