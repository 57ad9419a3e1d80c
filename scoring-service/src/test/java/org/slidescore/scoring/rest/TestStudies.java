package org.slidescore.scoring.rest;

import org.slidescore.events.StudyChanged;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Study snapshots for tests, with ids no other test uses. */
final class TestStudies {
    private static final AtomicLong NEXT = new AtomicLong(1000);

    static final String USER = "pytest@example.com";

    /** The SDK's results study: one image, a FreeText and a ClickFriendlyPollOnly question, one user. */
    static StudyChanged resultsStudy(String ownerTokenId) {
        long id = NEXT.incrementAndGet();
        long imageId = id * 100;
        return new StudyChanged(id, "test-study-" + id, ownerTokenId, 1, Instant.now(),
                List.of(new StudyChanged.Image(imageId, "test-image", "test-study-" + id + "/test-image.TiFF", null,
                        null, 0, 1234, null)),
                List.of(new StudyChanged.Question(id * 10 + 1, "Test question", "FreeText", null, 0),
                        new StudyChanged.Question(id * 10 + 2, "Options question", "ClickFriendlyPollOnly",
                                "Option1;;Option2;;Option3", 1),
                        new StudyChanged.Question(id * 10 + 3, "Test anno", "AnnoShapes", "#e6194b", 2),
                        new StudyChanged.Question(id * 10 + 4, "Cells", "AnnoPoints", "#00ff00", 3)),
                List.of(new StudyChanged.User(USER, List.of("canscore"))),
                List.of(), List.of());
    }

    /**
     * The SDK's results study as study-service imports it: the slide has a case of its own, named like it (Reimport
     * gives every new slide one).
     */
    static StudyChanged resultsStudyWithPerSlideCase(String ownerTokenId) {
        StudyChanged s = resultsStudy(ownerTokenId);
        StudyChanged.Image i = s.images().get(0);
        long caseId = s.studyId() * 1000;
        return new StudyChanged(s.studyId(), s.name(), ownerTokenId, s.revision(), s.changedAt(),
                List.of(new StudyChanged.Image(i.id(), i.name(), i.path(), caseId, null, 0, 1234, null)),
                s.questions(), s.users(), List.of(new StudyChanged.Case(caseId, i.name(), null)), List.of());
    }

    /** A study with a case holding two images, one of them a TMA slide with two cores. */
    static StudyChanged caseAndTmaStudy(String ownerTokenId) {
        long id = NEXT.incrementAndGet();
        return new StudyChanged(id, "tma-study-" + id, ownerTokenId, 1, Instant.now(),
                List.of(new StudyChanged.Image(id * 100 + 1, "plain", "p.tif", id * 1000, null, 0, 1, null),
                        new StudyChanged.Image(id * 100 + 2, "tma", "t.tif", id * 1000, "map1", 0, 1, null),
                        new StudyChanged.Image(id * 100 + 3, "loose", "l.tif", null, null, 0, 1, null)),
                List.of(new StudyChanged.Question(id * 10 + 1, "Score", "Integer", null, 0),
                        new StudyChanged.Question(id * 10 + 2, "Pct", "Percentage", null, 1)),
                List.of(new StudyChanged.User(USER, List.of("canscore")),
                        new StudyChanged.User("other@example.com", List.of("canscore"))),
                List.of(new StudyChanged.Case(id * 1000, "Case One", null)),
                List.of(new StudyChanged.TmaMap("map1", List.of(
                        new StudyChanged.TmaCore(id * 10_000 + 1, 0, 0, "S-A", false, false),
                        new StudyChanged.TmaCore(id * 10_000 + 2, 0, 1, "S-B", false, false)))));
    }

    private TestStudies() {
    }
}
