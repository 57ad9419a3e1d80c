package org.slidescore.study.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.slidescore.study.config.StudyRight;
import org.slidescore.study.config.StudyUserSpec;

import java.util.EnumSet;
import java.util.Set;

/** A person (by email) with rights on a study. Rights are only ever added by Reimport. */
@Entity
@Table(name = "study_user")
public class StudyUser extends PanacheEntity {
    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(nullable = false, length = 254)
    public String email;

    @Column(name = "view_only", nullable = false)
    public boolean viewOnly;

    @Column(name = "can_score", nullable = false)
    public boolean canScore;

    @Column(name = "can_get_results", nullable = false)
    public boolean canGetResults;

    @Column(name = "can_edit", nullable = false)
    public boolean canEdit;

    public Set<StudyRight> rights() {
        EnumSet<StudyRight> r = EnumSet.noneOf(StudyRight.class);
        if (viewOnly) {
            r.add(StudyRight.VIEWONLY);
        }
        if (canScore) {
            r.add(StudyRight.CANSCORE);
        }
        if (canGetResults) {
            r.add(StudyRight.CANGETRESULTS);
        }
        if (canEdit) {
            r.add(StudyRight.CANEDIT);
        }
        return r;
    }

    /** Adds the rights; true when something was new. */
    public boolean addRights(Set<StudyRight> rights) {
        Set<StudyRight> before = rights();
        viewOnly |= rights.contains(StudyRight.VIEWONLY);
        canScore |= rights.contains(StudyRight.CANSCORE);
        canGetResults |= rights.contains(StudyRight.CANGETRESULTS);
        canEdit |= rights.contains(StudyRight.CANEDIT);
        return !before.equals(rights());
    }

    public StudyUserSpec spec() {
        return new StudyUserSpec(email, rights());
    }
}
