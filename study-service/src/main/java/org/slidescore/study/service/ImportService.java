package org.slidescore.study.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.events.ReimportCompleted;
import org.slidescore.events.ReimportRequested;
import org.slidescore.events.SlideInspected;
import org.slidescore.study.config.ConfigProblem;
import org.slidescore.study.config.ImagesRoot;
import org.slidescore.study.config.QuestionSpec;
import org.slidescore.study.config.StudyConfigFile;
import org.slidescore.study.config.StudyFiles;
import org.slidescore.study.config.StudyRight;
import org.slidescore.study.config.StudyUserSpec;
import org.slidescore.study.config.TmaMapSpec;
import org.slidescore.study.domain.Image;
import org.slidescore.study.domain.Question;
import org.slidescore.study.domain.SlideInspection;
import org.slidescore.study.domain.Study;
import org.slidescore.study.domain.StudyCase;
import org.slidescore.study.domain.StudyUser;
import org.slidescore.study.domain.TmaCore;
import org.slidescore.study.domain.TmaMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worker side of Reimport: reads the study's files ({@link ImportPlanner}), checks that the tile service can
 * read every slide, and applies everything in one transaction, adding and updating but never removing. A changed
 * study is published as {@code StudyChanged} through the outbox in the same transaction.
 */
@ApplicationScoped
public class ImportService {
    private static final int CHUNK = 500;

    private final Vertx vertx;
    private final ImagesRoot root;
    private final TileInspector inspector;
    private final StudyEvents events;

    public ImportService(Vertx vertx, @ConfigProperty(name = "slidescore.images-root") Path imagesRoot,
                         TileInspector inspector, StudyEvents events) {
        this.vertx = vertx;
        this.root = new ImagesRoot(imagesRoot);
        this.inspector = inspector;
        this.events = events;
    }

    public ImagesRoot root() {
        return root;
    }

    /** Runs one Reimport request to its answer; never fails (a failure is an unsuccessful answer). */
    public Uni<ReimportCompleted> reimport(ReimportRequested req) {
        String name = req.studyName() == null ? "" : req.studyName().trim();
        String bad = StudyFiles.checkStudyName(name);
        if (bad != null) {
            return Uni.createFrom().item(new ReimportCompleted(req.requestId(), name, false, null, bad));
        }
        ImportLog log = new ImportLog();
        long started = System.nanoTime();
        return vertx.executeBlocking(Uni.createFrom().item(() -> new ImportPlanner(root).plan(name)))
                .chain(plan -> {
                    Log.infof("Reimport %s: read %d image(s), %d question(s), %d user(s), %d map(s) in %d ms",
                            req.requestId(), plan.images().size(), plan.questions().size(), plan.users().size(),
                            plan.maps().size(), (System.nanoTime() - started) / 1_000_000);
                    for (ConfigProblem p : plan.log().entries()) {
                        log.line(p.toString());
                    }
                    if (plan.log().hasErrors()) {
                        log.always("Reimport of " + name + " failed: " + plan.log().errors().size()
                                + " error(s) in the configuration files; nothing was changed");
                        return Uni.createFrom().item(new ReimportCompleted(req.requestId(), name, false, null,
                                log.text()));
                    }
                    return checkSlides(plan, req.ignoreImageErrors(), log).chain(skip -> {
                        if (skip == null) {
                            log.always("Reimport of " + name + " failed: some slides cannot be imported (call "
                                    + "again with ignoreImageErrors=true to skip them); nothing was changed");
                            return Uni.createFrom().item(new ReimportCompleted(req.requestId(), name, false, null,
                                    log.text()));
                        }
                        long checked = System.nanoTime();
                        Log.infof("Reimport %s: slides checked after %d ms", req.requestId(),
                                (checked - started) / 1_000_000);
                        return Panache.withTransaction(() -> apply(plan, skip, req, log))
                                .invoke(() -> Log.infof("Reimport %s: applied and committed in %d ms",
                                        req.requestId(), (System.nanoTime() - checked) / 1_000_000))
                                .map(id -> new ReimportCompleted(req.requestId(), name, true, id, log.text()));
                    });
                })
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "Reimport %s of study %s failed", req.requestId(), name);
                    log.always("Reimport of " + name + " failed: " + safeMessage(e) + "; nothing was changed");
                    return new ReimportCompleted(req.requestId(), name, false, null, log.text());
                });
    }

    private static String safeMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? "internal error" : "internal error (" + m.lines().findFirst().orElse("")
                + ")";
    }

    // ---- slides -------------------------------------------------------------------------------------------------

    /**
     * The paths to skip, or null when a slide cannot be imported and errors are not ignored. Readability comes from
     * the stored {@code slide-inspected} results, else from asking the tile service; when that cannot be asked, an
     * existing file counts as readable (said in the log).
     */
    Uni<Set<String>> checkSlides(ImportPlan plan, boolean ignoreErrors, ImportLog log) {
        List<ImportPlan.PlannedImage> present = plan.images().stream().filter(ImportPlan.PlannedImage::exists)
                .toList();
        Map<String, SlideInspection> known = new HashMap<>();
        List<List<String>> chunks = chunks(present.stream().map(ImportPlan.PlannedImage::path).toList());
        AtomicBoolean unasked = new AtomicBoolean();
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(paths -> Panache.withSession(
                        () -> SlideInspection.<SlideInspection>list("path in ?1", paths)))
                .onItem().invoke(list -> list.forEach(s -> known.put(s.path, s)))
                .collect().last()
                .chain(() -> Multi.createFrom().iterable(present.stream().filter(i -> !known.containsKey(i.path()))
                                .toList())
                        .onItem().transformToUni(i -> inspector.inspect(i.path())
                                .map(r -> Map.entry(i.path(), r))).merge(4)
                        .collect().asList())
                .chain(answers -> {
                    List<SlideInspection> fresh = new ArrayList<>();
                    for (var a : answers) {
                        if (a.getValue().isPresent()) {
                            SlideInspected si = a.getValue().get();
                            SlideInspection s = new SlideInspection();
                            s.path = a.getKey();
                            s.readable = si.readable();
                            s.format = si.format();
                            s.error = si.error();
                            known.put(s.path, s);
                            fresh.add(s);
                        } else {
                            unasked.set(true);
                        }
                    }
                    // Storing the answers only saves asking again; an import never fails because of it.
                    return fresh.isEmpty() ? Uni.createFrom().voidItem()
                            : Panache.withTransaction(() -> Multi.createFrom().iterable(fresh)
                                    .onItem().transformToUniAndConcatenate(s -> SlideInspection.upsert(s.path,
                                            s.readable, s.format, s.error))
                                    .collect().last().replaceWithVoid())
                            .onFailure().recoverWithItem(e -> {
                                Log.warnf("could not store %d slide inspection(s): %s", fresh.size(), e.toString());
                                return null;
                            });
                })
                .map(ignored -> {
                    if (unasked.get()) {
                        log.line("Note: the tile service could not be asked about some slides; existing files were "
                                + "taken as readable");
                    }
                    Set<String> skip = new HashSet<>();
                    boolean failed = false;
                    for (ImportPlan.PlannedImage i : plan.images()) {
                        String problem = null;
                        if (!i.exists()) {
                            problem = "file not found";
                        } else {
                            SlideInspection s = known.get(i.path());
                            if (s != null && !s.readable) {
                                problem = "the slide cannot be read" + (s.error == null || s.error.isBlank() ? ""
                                        : ": " + s.error);
                            }
                        }
                        if (problem == null) {
                            continue;
                        }
                        if (ignoreErrors) {
                            log.line("Skipped image " + i.path() + " (listed in " + i.source() + "): " + problem);
                            skip.add(i.path());
                        } else {
                            log.line("Error: image " + i.path() + " (listed in " + i.source() + "): " + problem);
                            failed = true;
                        }
                    }
                    return failed ? null : skip;
                });
    }

    private static List<List<String>> chunks(List<String> all) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    // ---- the transaction ----------------------------------------------------------------------------------------

    private static final class State {
        Study study;
        boolean changed;
        List<StudyUser> users;
        List<Question> questions;
        List<TmaMap> maps;
        List<TmaCore> cores;
        List<StudyCase> cases;
        List<Image> images;
        int usersAdded, usersUpdated, questionsAdded, questionsUpdated, mapsAdded, mapsUpdated, imagesAdded,
                imagesUpdated;
    }

    private Uni<Long> apply(ImportPlan plan, Set<String> skip, ReimportRequested req, ImportLog log) {
        State st = new State();
        long t0 = System.nanoTime();
        return Study.<Study>find("name", plan.studyName()).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(existing -> {
                    if (existing != null) {
                        st.study = existing;
                        log.line("Study " + existing.name + " (id " + existing.id + ") exists; adding and updating");
                        return Uni.createFrom().voidItem();
                    }
                    Study s = new Study();
                    s.name = plan.studyName();
                    s.ownerTokenId = req.tokenId();
                    st.study = s;
                    st.changed = true;
                    return s.persist().invoke(() -> log.line("Created study " + s.name + " (id " + s.id
                            + ") owned by token " + (req.tokenName() == null || req.tokenName().isBlank()
                            ? req.tokenId() : req.tokenName()))).replaceWithVoid();
                })
                .chain(() -> loadAll(st))
                .chain(() -> {
                    applyProperties(plan, st, log);
                    return applyUsers(plan, st, log);
                })
                .chain(() -> applyQuestions(plan, st, log))
                .chain(() -> applyMaps(plan, st, log))
                .invoke(() -> Log.debugf("Reimport %s: users, questions, maps after %d ms", req.requestId(),
                        (System.nanoTime() - t0) / 1_000_000))
                .chain(() -> applyImages(plan, skip, st, log))
                .invoke(() -> Log.debugf("Reimport %s: images persisted after %d ms", req.requestId(),
                        (System.nanoTime() - t0) / 1_000_000))
                .chain(() -> {
                    log.always("Study " + st.study.name + ": " + st.imagesAdded + " image(s) added, "
                            + st.imagesUpdated + " updated; " + st.questionsAdded + " question(s) added, "
                            + st.questionsUpdated + " updated; " + st.usersAdded + " user(s) added, " + st.usersUpdated
                            + " updated; " + st.mapsAdded + " TMA map(s) added, " + st.mapsUpdated + " updated");
                    if (!st.changed) {
                        log.always("Nothing changed");
                        return Uni.createFrom().voidItem();
                    }
                    return events.changed(st.study, () -> SnapshotService.build(st.study, st.images, st.questions,
                            st.users, st.cases, st.maps, st.cores));
                })
                .invoke(() -> Log.debugf("Reimport %s: snapshot in the outbox after %d ms", req.requestId(),
                        (System.nanoTime() - t0) / 1_000_000))
                .map(v -> st.study.id);
    }

    private Uni<Void> loadAll(State st) {
        long id = st.study.id;
        return StudyUser.<StudyUser>list("studyId", id).invoke(l -> st.users = new ArrayList<>(l))
                .chain(() -> Question.<Question>list("studyId", id)).invoke(l -> st.questions = new ArrayList<>(l))
                .chain(() -> TmaMap.<TmaMap>list("studyId", id)).invoke(l -> st.maps = new ArrayList<>(l))
                .chain(() -> st.maps.isEmpty() ? Uni.createFrom().item(List.<TmaCore>of())
                        : TmaCore.<TmaCore>list("mapId in ?1", st.maps.stream().map(m -> m.id).toList()))
                .invoke(l -> st.cores = new ArrayList<>(l))
                .chain(() -> StudyCase.<StudyCase>list("studyId", id)).invoke(l -> st.cases = new ArrayList<>(l))
                .chain(() -> Image.<Image>list("studyId", id)).invoke(l -> st.images = new ArrayList<>(l))
                .replaceWithVoid();
    }

    private static void applyProperties(ImportPlan plan, State st, ImportLog log) {
        if (plan.properties() == null) {
            return;
        }
        Map<String, String> merged = new LinkedHashMap<>(StudyConfigFile.parse("stored", st.study.properties,
                new org.slidescore.study.config.ParseLog()));
        merged.putAll(plan.properties());
        String text = StudyConfigFile.write(merged);
        if (!text.equals(st.study.properties)) {
            st.study.properties = text;
            st.changed = true;
            log.line("Updated the study settings (" + String.join(", ", plan.properties().keySet()) + ")");
        }
    }

    private static Uni<Void> applyUsers(ImportPlan plan, State st, ImportLog log) {
        Map<String, StudyUser> byEmail = new HashMap<>();
        st.users.forEach(u -> byEmail.put(u.email.toLowerCase(Locale.ROOT), u));
        List<StudyUser> fresh = new ArrayList<>();
        for (StudyUserSpec spec : plan.users()) {
            StudyUser u = byEmail.get(spec.email());
            if (u == null) {
                u = new StudyUser();
                u.studyId = st.study.id;
                u.email = spec.email();
                u.addRights(spec.rights());
                fresh.add(u);
                byEmail.put(spec.email(), u);
                st.usersAdded++;
                log.line("Added user " + u.email + " (" + words(u.rights()) + ")");
            } else if (u.addRights(spec.rights())) {
                st.usersUpdated++;
                log.line("Added rights to user " + u.email + ", now " + words(u.rights()));
            }
        }
        st.users.addAll(fresh);
        if (st.usersAdded + st.usersUpdated > 0) {
            st.changed = true;
        }
        return persistAll(fresh);
    }

    private static String words(Set<StudyRight> rights) {
        return String.join(",", rights.stream().map(StudyRight::word).toList());
    }

    private static Uni<Void> applyQuestions(ImportPlan plan, State st, ImportLog log) {
        Map<String, Question> byName = new HashMap<>();
        st.questions.forEach(q -> byName.put(q.name.toLowerCase(Locale.ROOT), q));
        int order = st.questions.stream().mapToInt(q -> q.sortOrder).max().orElse(0);
        List<Question> fresh = new ArrayList<>();
        for (QuestionSpec spec : plan.questions()) {
            Question q = byName.get(spec.name().toLowerCase(Locale.ROOT));
            if (q == null) {
                q = new Question();
                q.studyId = st.study.id;
                q.name = spec.name();
                q.type = spec.type().name();
                q.config = spec.config();
                q.sortOrder = ++order;
                fresh.add(q);
                st.questionsAdded++;
                log.line("Added question '" + q.name + "' (" + q.type + ")");
            } else if (!q.type.equals(spec.type().name()) || !q.config.equals(spec.config())) {
                q.type = spec.type().name();
                q.config = spec.config();
                st.questionsUpdated++;
                log.line("Updated question '" + q.name + "' (" + q.type + ")");
            }
        }
        st.questions.addAll(fresh);
        if (st.questionsAdded + st.questionsUpdated > 0) {
            st.changed = true;
        }
        return persistAll(fresh);
    }

    private static Uni<Void> applyMaps(ImportPlan plan, State st, ImportLog log) {
        Map<String, TmaMap> byName = new HashMap<>();
        st.maps.forEach(m -> byName.put(m.name, m));
        List<TmaMapSpec> newSpecs = new ArrayList<>();
        List<TmaCore> freshCores = new ArrayList<>();
        for (TmaMapSpec spec : plan.maps()) {
            TmaMap m = byName.get(spec.name());
            if (m == null) {
                newSpecs.add(spec);
                continue;
            }
            boolean changed = updateMap(m, spec, st.cores, freshCores);
            if (changed) {
                st.mapsUpdated++;
                log.line("Updated TMA map " + m.name + " (" + spec.rows().size() + "x" + spec.width() + ")");
            }
        }
        List<TmaMap> fresh = new ArrayList<>();
        for (TmaMapSpec spec : newSpecs) {
            TmaMap m = new TmaMap();
            m.studyId = st.study.id;
            m.name = spec.name();
            m.header = TmaMapFiles.header(spec);
            m.rowCount = spec.rows().size();
            m.colCount = spec.width();
            fresh.add(m);
            st.mapsAdded++;
            log.line("Added TMA map " + m.name + " (" + m.rowCount + "x" + m.colCount + ", "
                    + spec.cores().stream().filter(TmaMapSpec.Core::control).count() + " control(s), "
                    + spec.cores().stream().filter(TmaMapSpec.Core::ignored).count() + " ignored)");
        }
        st.maps.addAll(fresh);
        if (st.mapsAdded + st.mapsUpdated > 0) {
            st.changed = true;
        }
        return persistAll(fresh).chain(() -> {
            for (int i = 0; i < fresh.size(); i++) {
                for (TmaMapSpec.Core c : newSpecs.get(i).cores()) {
                    freshCores.add(core(fresh.get(i).id, c));
                }
            }
            st.cores.addAll(freshCores);
            return persistAll(freshCores);
        });
    }

    /** Updates a map's header and its cores in place (core ids stay stable); true when something changed. */
    static boolean updateMap(TmaMap m, TmaMapSpec spec, List<TmaCore> allCores, List<TmaCore> fresh) {
        boolean changed = false;
        String header = TmaMapFiles.header(spec);
        if (!header.equals(m.header) || m.rowCount != spec.rows().size() || m.colCount != spec.width()) {
            m.header = header;
            m.rowCount = Math.max(m.rowCount, spec.rows().size());
            m.colCount = Math.max(m.colCount, spec.width());
            changed = true;
        }
        Map<Long, TmaCore> byPos = new HashMap<>();
        for (TmaCore c : allCores) {
            if (c.mapId == m.id) {
                byPos.put(((long) c.rowIndex << 32) | c.colIndex, c);
            }
        }
        for (TmaMapSpec.Core c : spec.cores()) {
            TmaCore old = byPos.get(((long) c.row() << 32) | c.col());
            if (old == null) {
                fresh.add(core(m.id, c));
                changed = true;
            } else if (!old.sampleId.equals(c.sampleId()) || old.control != c.control() || old.ignored != c.ignored()) {
                old.sampleId = c.sampleId();
                old.control = c.control();
                old.ignored = c.ignored();
                changed = true;
            }
        }
        return changed;
    }

    static TmaCore core(long mapId, TmaMapSpec.Core c) {
        TmaCore core = new TmaCore();
        core.mapId = mapId;
        core.rowIndex = c.row();
        core.colIndex = c.col();
        core.sampleId = c.sampleId();
        core.control = c.control();
        core.ignored = c.ignored();
        return core;
    }

    private static Uni<Void> applyImages(ImportPlan plan, Set<String> skip, State st, ImportLog log) {
        Map<String, Image> byPath = new HashMap<>();
        st.images.forEach(i -> byPath.put(i.path, i));
        Map<String, StudyCase> caseByName = new HashMap<>();
        st.cases.forEach(c -> caseByName.put(c.name, c));
        Set<String> mapNames = new HashSet<>();
        st.maps.forEach(m -> mapNames.add(m.name));
        List<ImportPlan.PlannedImage> added = new ArrayList<>();
        for (ImportPlan.PlannedImage p : plan.images()) {
            if (skip.contains(p.path())) {
                continue;
            }
            if (p.tmaMap() != null && !mapNames.contains(p.tmaMap())) {
                log.line("Warning: TMA map " + p.tmaMap() + " of image " + p.path() + " is unknown; not set");
                p = p.withTmaMap(null);
            }
            Image img = byPath.get(p.path());
            if (img == null) {
                added.add(p);
                continue;
            }
            List<String> what = new ArrayList<>();
            if (p.explicitName() && !p.name().equals(img.name)) {
                img.name = p.name();
                what.add("name");
            }
            if (p.tmaMap() != null && !p.tmaMap().equals(img.tmaMapName)) {
                img.tmaMapName = p.tmaMap();
                what.add("TMA map");
            }
            if (p.rotation() != null && !p.rotation().equals(img.rotation)) {
                img.rotation = p.rotation();
                what.add("rotation");
            }
            if (p.fileSize() != img.fileSize) {
                img.fileSize = p.fileSize();
                what.add("file size");
            }
            if (!what.isEmpty()) {
                st.imagesUpdated++;
                log.line("Updated image '" + img.name + "' (" + img.path + "): " + String.join(", ", what));
            }
        }
        // every new slide gets a case named like it (reusing a case of that name)
        List<StudyCase> newCases = new ArrayList<>();
        for (ImportPlan.PlannedImage p : added) {
            if (!caseByName.containsKey(p.name())) {
                StudyCase c = new StudyCase();
                c.studyId = st.study.id;
                c.name = p.name();
                caseByName.put(c.name, c);
                newCases.add(c);
            }
        }
        if (st.imagesUpdated > 0 || !added.isEmpty()) {
            st.changed = true;
        }
        st.cases.addAll(newCases);
        return persistAll(newCases).chain(() -> {
            List<Image> fresh = new ArrayList<>();
            for (ImportPlan.PlannedImage p : added) {
                Image img = new Image();
                img.studyId = st.study.id;
                img.name = p.name();
                img.path = p.path();
                img.fileSize = p.fileSize();
                img.tmaMapName = p.tmaMap();
                img.rotation = p.rotation();
                img.caseId = Objects.requireNonNull(caseByName.get(p.name()).id);
                fresh.add(img);
                st.imagesAdded++;
                log.line("Added image '" + img.name + "' (" + img.path + ")");
            }
            st.images.addAll(fresh);
            return persistAll(fresh);
        });
    }

    static Uni<Void> persistAll(List<?> entities) {
        if (entities.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.persistAll(entities.toArray()));
    }
}
