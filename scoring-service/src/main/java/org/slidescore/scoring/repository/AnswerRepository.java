package org.slidescore.scoring.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.events.EventJson;
import org.slidescore.scoring.domain.ResolvedAnswer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code answer} table. Writes run in the caller's Panache transaction (so the outbox event commits with them);
 * large reads stream through a cursor of the reactive pool, so exporting millions of answers keeps memory flat.
 */
@ApplicationScoped
public class AnswerRepository {
    /** Rows sent to PostgreSQL per statement (as one JSON parameter). */
    static final int BATCH = 5000;
    static final int FETCH = 1000;

    private static final String UPSERT = """
            INSERT INTO answer (study_id, image_id, case_id, tma_core_id, user_email, question_id, value)
            SELECT :study, r.i, r.c, r.t, r.u, r.q, r.v
            FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(i bigint, c bigint, t bigint, u text, q bigint, v text)
            ON CONFLICT (study_id, COALESCE(image_id, 0), COALESCE(case_id, 0), COALESCE(tma_core_id, 0),
                         lower(user_email), question_id)
            DO UPDATE SET value = EXCLUDED.value, user_email = EXCLUDED.user_email, modified_at = now(),
                          anno2_uuid = NULL""";

    private static final String COLUMNS = "id, image_id, case_id, tma_core_id, user_email, question_id, value, modified_at";

    private final Pool pool;

    public AnswerRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates or replaces the answers in the current transaction (call inside {@code Panache.withTransaction}); the
     * answers must have distinct identities.
     */
    public Uni<Integer> upsert(long studyId, List<ResolvedAnswer> answers) {
        if (answers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < answers.size(); from += BATCH) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ResolvedAnswer a : answers.subList(from, Math.min(answers.size(), from + BATCH))) {
                Map<String, Object> m = new HashMap<>(8);
                m.put("i", a.imageId());
                m.put("c", a.caseId());
                m.put("t", a.tmaCoreId());
                m.put("u", a.userEmail());
                m.put("q", a.questionId());
                m.put("v", a.value());
                rows.add(m);
            }
            batches.add(EventJson.write(rows));
        }
        return Panache.getSession().chain(session -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (String batch : batches) {
                chain = chain.chain(sum -> session.createNativeQuery(UPSERT)
                        .setParameter("study", studyId)
                        .setParameter("rows", batch)
                        .executeUpdate()
                        .map(n -> sum + n));
            }
            return chain;
        });
    }

    /** Filters of a Scores export; null fields do not filter. */
    public record Filter(Long questionId, String email, Long imageId, List<Long> caseImageIds, Long caseId) {
    }

    /** Every answer of the study that passes the filter, in id order, streamed from a cursor. */
    public Multi<StoredAnswer> stream(long studyId, Filter f) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM answer WHERE study_id = $1");
        List<Object> args = new ArrayList<>();
        args.add(studyId);
        if (f.questionId() != null) {
            args.add(f.questionId());
            sql.append(" AND question_id = $").append(args.size());
        }
        if (f.email() != null) {
            args.add(f.email());
            sql.append(" AND lower(user_email) = lower($").append(args.size()).append(")");
        }
        if (f.imageId() != null) {
            args.add(f.imageId());
            sql.append(" AND image_id = $").append(args.size());
        }
        if (f.caseId() != null) {
            args.add(f.caseId());
            sql.append(" AND (case_id = $").append(args.size());
            args.add(f.caseImageIds().toArray(Long[]::new));
            sql.append(" OR image_id = ANY($").append(args.size()).append("))");
        }
        sql.append(" ORDER BY id");
        Tuple tuple = Tuple.tuple(args);
        String query = sql.toString();
        return Multi.createFrom().resourceFromUni(
                        () -> pool.getConnection().chain(conn -> conn.begin().map(tx -> new Cursor(conn, tx))),
                        cursor -> cursor.conn.prepare(query)
                                .onItem().transformToMulti(ps -> ps.createStream(FETCH, tuple).toMulti()))
                .withFinalizer(Cursor::close)
                .map(AnswerRepository::toAnswer);
    }

    private record Cursor(SqlConnection conn, Transaction tx) {
        Uni<Void> close() {
            return tx.rollback().onFailure().recoverWithNull().chain(() -> conn.close());
        }
    }

    /** A user's answers on one image (optionally only some questions). */
    public Uni<List<StoredAnswer>> forImageAndUser(long imageId, String email, List<Long> questionIds) {
        String sql = "SELECT " + COLUMNS + " FROM answer WHERE image_id = $1 AND lower(user_email) = lower($2)"
                + (questionIds == null ? "" : " AND question_id = ANY($3)") + " ORDER BY question_id, tma_core_id NULLS FIRST, id";
        Tuple t = questionIds == null ? Tuple.of(imageId, email) : Tuple.of(imageId, email, questionIds.toArray(Long[]::new));
        return pool.preparedQuery(sql).execute(t).map(rows -> {
            List<StoredAnswer> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(toAnswer(r));
            }
            return out;
        });
    }

    /** An answer with its study, as a conversion reads it. */
    public record Located(long studyId, StoredAnswer answer) {
    }

    /** The answer with this id (a Scores row's {@code id}), or null. */
    public Uni<Located> byId(long id) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", study_id FROM answer WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : located(rows.iterator().next()));
    }

    /** A user's answer to a question on an image (and TMA core, or none), or null. */
    public Uni<Located> onImage(long studyId, long imageId, Long tmaCoreId, String email, long questionId) {
        return pool.preparedQuery("SELECT " + COLUMNS + ", study_id FROM answer WHERE study_id = $1 AND image_id = $2 "
                        + "AND COALESCE(tma_core_id, 0) = $3 AND lower(user_email) = lower($4) AND question_id = $5")
                .execute(Tuple.of(studyId, imageId, tmaCoreId == null ? 0L : tmaCoreId, email, questionId))
                .map(rows -> rows.size() == 0 ? null : located(rows.iterator().next()));
    }

    private static Located located(Row r) {
        return new Located(r.getLong(8), toAnswer(r));
    }

    /** Ids of the studies with answers created or changed at or after {@code since}. */
    public Uni<List<Long>> studiesUpdatedSince(Instant since) {
        return pool.preparedQuery("SELECT DISTINCT study_id FROM answer WHERE modified_at >= $1 ORDER BY study_id")
                .execute(Tuple.of(OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC)))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    for (Row r : rows) {
                        ids.add(r.getLong(0));
                    }
                    return ids;
                });
    }

    static StoredAnswer toAnswer(Row r) {
        OffsetDateTime modified = r.getOffsetDateTime(7);
        return new StoredAnswer(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3), r.getString(4), r.getLong(5),
                r.getString(6), modified == null ? null : modified.toInstant());
    }
}
