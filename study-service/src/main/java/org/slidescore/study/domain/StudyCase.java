package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A case groups the slides of one patient/sample; by default every slide gets a case named like it. */
@Entity
@Table(name = "study_case")
public class StudyCase extends PanacheEntity {
    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false, columnDefinition = "TEXT")
    public String description = "";
}
