package org.slidescore.study.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;
import org.slidescore.study.config.EmailsFile;
import org.slidescore.study.config.ImageEntry;
import org.slidescore.study.config.ImagesFile;
import org.slidescore.study.config.ParseLog;
import org.slidescore.study.config.QuestionType;
import org.slidescore.study.config.ScoresFile;
import org.slidescore.study.config.StudyConfigFile;
import org.slidescore.study.config.StudyFiles;
import org.slidescore.study.config.StudyRight;
import org.slidescore.study.domain.Image;
import org.slidescore.study.domain.Question;
import org.slidescore.study.domain.Study;
import org.slidescore.study.domain.StudyUser;
import org.slidescore.study.domain.TmaCore;
import org.slidescore.study.domain.TmaMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GetConfig and GetConfigFiles: the study's configuration from the database, as JSON or as regenerated files. */
@ApplicationScoped
public class ConfigFilesService {
    private final StudyService studies;

    public ConfigFilesService(StudyService studies) {
        this.studies = studies;
    }

    /** Everything the files are made of. */
    public record StudyConfig(Study study, List<Question> questions, List<StudyUser> users, List<Image> images,
                              List<TmaMap> maps, List<TmaCore> cores) {
    }

    public Uni<StudyConfig> load(long studyId, ApiToken token) {
        token.requireRight(Right.CanGetConfig);
        return Panache.withSession(() -> studies.readable(studyId, token).chain(study -> {
            StudyConfig[] holder = new StudyConfig[1];
            return Question.<Question>list("studyId", Sort.by("sortOrder").and("id"), study.id)
                    .chain(qs -> StudyUser.<StudyUser>list("studyId", Sort.by("id"), study.id)
                            .chain(us -> Image.<Image>list("studyId", Sort.by("id"), study.id)
                                    .chain(is -> TmaMap.<TmaMap>list("studyId", Sort.by("id"), study.id)
                                            .chain(ms -> (ms.isEmpty() ? Uni.createFrom().item(List.<TmaCore>of())
                                                    : TmaCore.<TmaCore>list("mapId in ?1",
                                                    ms.stream().map(m -> m.id).toList()))
                                                    .map(cs -> new StudyConfig(study, qs, us, is, ms, cs))))));
        }));
    }

    /** {@code config} of GetConfig. */
    public static Map<String, Object> config(StudyConfig c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("id", c.study().id);
        config.put("name", c.study().name);
        List<Map<String, Object>> scores = new ArrayList<>();
        for (Question q : c.questions()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", q.id);
            s.put("name", q.name);
            s.put("typeName", q.type);
            s.put("type", QuestionType.valueOf(q.type).ordinal());
            s.put("valuesAllowed", q.config);
            s.put("order", q.sortOrder);
            scores.add(s);
        }
        config.put("scores", scores);
        List<Map<String, Object>> users = new ArrayList<>();
        for (StudyUser u : c.users()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("email", u.email);
            m.put("rights", u.rights().stream().map(StudyRight::word).toList());
            users.add(m);
        }
        config.put("users", users);
        config.put("properties", StudyConfigFile.parse("stored", c.study().properties, new ParseLog()));
        config.put("tmaMaps", c.maps().stream().map(m -> m.name).toList());
        config.put("imageCount", c.images().size());
        return config;
    }

    /**
     * Every configuration file, regenerated: file name (relative to the images root) → content. Upload them under
     * another study name (renaming {@code study.<name>.} and the {@code <name>/} folder) and Reimport to clone the
     * study: the {@code .images} file lists every slide as {@code ../<path>}, so it works from any study folder.
     */
    public static Map<String, String> files(StudyConfig c) {
        String name = c.study().name;
        Map<String, String> files = new LinkedHashMap<>();
        files.put(StudyFiles.emails(name), EmailsFile.write(c.users().stream().map(StudyUser::spec).toList()));
        files.put(StudyFiles.scores(name), ScoresFile.write(c.questions().stream().map(Question::spec).toList()));
        files.put(StudyFiles.config(name), c.study().properties);
        for (TmaMap m : c.maps()) {
            String file = m.name.startsWith("map") ? StudyFiles.map(name, m.name) : name + "/" + m.name;
            files.put(file, TmaMapFiles.file(m, c.cores()));
        }
        List<ImageEntry> entries = new ArrayList<>();
        for (Image i : c.images()) {
            String defaultName = StudyFiles.imageName(i.path);
            entries.add(new ImageEntry(i.path, i.tmaMapName, i.rotation == null || i.rotation == 0 ? null : i.rotation,
                    i.name.equals(defaultName) ? null : i.name));
        }
        files.put(name + "/" + name + ".images", ImagesFile.write(entries));
        return files;
    }
}
