package org.slidescore.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A user of a known study, by lower-case e-mail address. */
@Entity
@Table(name = "study_member")
@IdClass(StudyMember.Key.class)
public class StudyMember extends PanacheEntityBase {
    @Id
    @Column(name = "study_id")
    public long studyId;

    @Id
    public String email;

    @Column(nullable = false)
    public String rights;

    public static class Key implements Serializable {
        public long studyId;
        public String email;

        public Key() {
        }

        public Key(long studyId, String email) {
            this.studyId = studyId;
            this.email = email;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.studyId == studyId && Objects.equals(k.email, email);
        }

        @Override
        public int hashCode() {
            return Objects.hash(studyId, email);
        }
    }
}
