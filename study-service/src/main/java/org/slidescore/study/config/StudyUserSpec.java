package org.slidescore.study.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** One line of {@code study.<name>.emails}: a user (by email) and the rights to add. */
public record StudyUserSpec(String email, Set<StudyRight> rights) {
    public StudyUserSpec {
        rights = rights.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(StudyRight.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(rights));
    }
}
