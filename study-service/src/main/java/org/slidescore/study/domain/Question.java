package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import org.slidescore.study.config.QuestionSpec;
import org.slidescore.study.config.QuestionType;

/** A question of a study (the contract also calls it a score); {@code type} is one of the 20 type names. */
@Entity
public class Question extends PanacheEntity {
    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(nullable = false, length = 1000)
    public String name;

    @Column(nullable = false, length = 32)
    public String type;

    @Column(nullable = false, columnDefinition = "TEXT")
    public String config = "";

    @Column(name = "sort_order", nullable = false)
    public int sortOrder;

    public QuestionSpec spec() {
        return new QuestionSpec(name, QuestionType.valueOf(type), config);
    }
}
