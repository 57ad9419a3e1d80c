package org.slidescore.tile.images;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A study as last seen in a {@code StudyChanged} snapshot. */
@Entity
@Table(name = "projected_study")
public class ProjectedStudy extends PanacheEntityBase {
    @Id
    @Column(name = "study_id")
    public long studyId;

    @Column(nullable = false, length = 1024)
    public String name;

    @Column(nullable = false)
    public long revision;
}
