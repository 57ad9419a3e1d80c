package org.slidescore.events;

import java.time.Instant;
import java.util.List;

/**
 * The full current snapshot of a study; the topic is compacted on the study id, so the latest snapshot wins.
 * Consumers replace their projection of the study with it when {@link #revision()} is newer than what they hold.
 */
public record StudyChanged(long studyId, String name, String ownerTokenId, long revision, Instant changedAt,
                           List<Image> images, List<Question> questions, List<User> users, List<Case> cases,
                           List<TmaMap> tmaMaps) implements SlideScoreEvent {

    /** A slide of the study. {@code path} is relative to the images root. */
    public record Image(long id, String name, String path, Long caseId, String tmaMap, Integer rotation,
                        long fileSize, String description) {
    }

    /** A question; {@code type} is one of the contract's 20 type names, {@code config} its configuration text. */
    public record Question(long id, String name, String type, String config, int order) {
    }

    /** A study user; {@code rights} are {@code viewonly}, {@code canscore}, {@code cangetresults}, {@code canedit}. */
    public record User(String email, List<String> rights) {
    }

    public record Case(long id, String name, String description) {
    }

    public record TmaMap(String name, List<TmaCore> cores) {
    }

    /** One core of a TMA map; rows and columns are 0-based. */
    public record TmaCore(long id, int row, int col, String sampleId, boolean control, boolean ignored) {
    }
}
