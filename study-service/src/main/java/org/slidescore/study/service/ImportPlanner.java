package org.slidescore.study.service;

import org.slidescore.study.config.EmailsFile;
import org.slidescore.study.config.ImageEntry;
import org.slidescore.study.config.ImagesFile;
import org.slidescore.study.config.ImagesRoot;
import org.slidescore.study.config.ParseLog;
import org.slidescore.study.config.QuestionSpec;
import org.slidescore.study.config.ScoresFile;
import org.slidescore.study.config.StudyConfigFile;
import org.slidescore.study.config.StudyFiles;
import org.slidescore.study.config.StudyUserSpec;
import org.slidescore.study.config.TmaMapFile;
import org.slidescore.study.config.TmaMapSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a study's configuration files and folder from the images root into an {@link ImportPlan} (blocking file
 * I/O, no database). Every problem goes into the plan's log with its file and line.
 */
public final class ImportPlanner {
    /** Largest configuration file read (bytes). */
    public static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;

    private final ImagesRoot root;

    public ImportPlanner(ImagesRoot root) {
        this.root = root;
    }

    public ImportPlan plan(String studyName) {
        ParseLog log = new ParseLog();
        boolean found = false;

        Map<String, String> properties = null;
        String configName = StudyFiles.config(studyName);
        String configText = read(configName, log);
        if (configText != null) {
            found = true;
            properties = StudyConfigFile.parse(configName, configText, log);
        }
        List<StudyUserSpec> users = List.of();
        String emailsName = StudyFiles.emails(studyName);
        String emailsText = read(emailsName, log);
        if (emailsText != null) {
            found = true;
            users = EmailsFile.parse(emailsName, emailsText, log);
        }
        List<QuestionSpec> questions = List.of();
        String scoresName = StudyFiles.scores(studyName);
        String scoresText = read(scoresName, log);
        if (scoresText != null) {
            found = true;
            questions = ScoresFile.parse(scoresName, scoresText, log);
        }

        Map<String, TmaMapSpec> maps = new LinkedHashMap<>();
        for (Path p : list(root.path(), "study." + studyName + ".map*", log)) {
            String file = p.getFileName().toString();
            var mapName = StudyFiles.mapName(studyName, file);
            if (mapName.isEmpty()) {
                continue;
            }
            found = true;
            String text = read(file, log);
            TmaMapSpec map = text == null ? null : TmaMapFile.parse(mapName.get(), file, text, log);
            if (map != null) {
                maps.put(map.name(), map);
            }
        }

        Map<String, ImportPlan.PlannedImage> images = new LinkedHashMap<>();
        Path folder;
        try {
            folder = root.resolve(studyName).absolute();
        } catch (ImagesRoot.OutsideRootException e) {
            log.error(studyName, 0, e.getMessage());
            return new ImportPlan(studyName, properties, users, questions, List.copyOf(maps.values()), List.of(), log);
        }
        if (Files.isDirectory(folder)) {
            found = true;
            List<Path> imagesFiles = new ArrayList<>();
            for (Path p : list(folder, "*", log)) {
                String file = p.getFileName().toString();
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                if (file.toLowerCase(Locale.ROOT).endsWith(".images")) {
                    imagesFiles.add(p);
                } else if (StudyFiles.isSlideFile(file)) {
                    String rel = studyName + "/" + file;
                    images.put(rel, new ImportPlan.PlannedImage(rel, StudyFiles.imageName(file), false, null, null,
                            size(p), true, "folder " + studyName));
                } else if (!file.startsWith(".")) {
                    log.info(studyName + "/" + file, 0, "not a slide file (by its extension); not imported");
                }
            }
            for (Path p : imagesFiles) {
                String rel = studyName + "/" + p.getFileName();
                String text = read(rel, log);
                if (text == null) {
                    continue;
                }
                for (ImagesFile.Numbered n : ImagesFile.parseNumbered(rel, text, root, studyName, log)) {
                    ImageEntry e = n.entry();
                    Path abs = root.path().resolve(e.path());
                    boolean exists = Files.isRegularFile(abs);
                    String tmaMap = e.tmaMap() == null ? null
                            : mapFor(e.tmaMap(), studyName, rel, n.line(), maps, log);
                    String name = e.newName() != null ? e.newName() : StudyFiles.imageName(e.path());
                    images.put(e.path(), new ImportPlan.PlannedImage(e.path(), name, e.newName() != null, tmaMap,
                            e.rotation(), exists ? size(abs) : 0, exists, rel));
                }
            }
        }
        // "tmas: a.svs, b.svs" in a map's header assigns it to those slides unless a .images line chose another
        for (TmaMapSpec map : maps.values()) {
            for (String tma : map.tmas()) {
                images.replaceAll((path, img) -> img.tmaMap() == null && fileName(path).equalsIgnoreCase(tma)
                        ? img.withTmaMap(map.name()) : img);
            }
        }
        if (!found) {
            log.error(studyName, 0, "nothing to import: none of " + StudyFiles.emails(studyName) + ", "
                    + StudyFiles.scores(studyName) + ", " + StudyFiles.config(studyName) + ", study." + studyName
                    + ".map* nor a folder " + studyName + " is in the images root");
        }
        return new ImportPlan(studyName, properties, users, questions, List.copyOf(maps.values()),
                List.copyOf(images.values()), log);
    }

    /** The map named in a .images line: a map already loaded, else a file relative to the study folder. */
    private String mapFor(String ref, String studyName, String imagesFile, int line, Map<String, TmaMapSpec> maps,
                          ParseLog log) {
        if (maps.containsKey(ref)) {
            return ref;
        }
        ImagesRoot.Resolved file;
        try {
            file = root.resolve(studyName, ref);
        } catch (ImagesRoot.OutsideRootException e) {
            log.error(imagesFile, line, "TMA map " + e.getMessage());
            return null;
        }
        String name = fileName(file.relative());
        if (maps.containsKey(name)) {
            return name;
        }
        if (!Files.isRegularFile(file.absolute())) {
            log.error(imagesFile, line, "TMA map '" + ref + "' is neither a study." + studyName
                    + ".map file nor a file in the images root");
            return null;
        }
        String text = read(file.relative(), log);
        TmaMapSpec map = text == null ? null : TmaMapFile.parse(name, file.relative(), text, log);
        if (map == null) {
            return null;
        }
        maps.put(name, map);
        return name;
    }

    /** The file's text, or null when it does not exist (errors for unreadable, too large or non-UTF-8 files). */
    String read(String relative, ParseLog log) {
        Path p;
        try {
            p = root.resolve(relative).absolute();
        } catch (ImagesRoot.OutsideRootException e) {
            log.error(relative, 0, e.getMessage());
            return null;
        }
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            if (Files.size(p) > MAX_CONFIG_BYTES) {
                log.error(relative, 0, "file is larger than " + MAX_CONFIG_BYTES + " bytes");
                return null;
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(p)) {
                bytes = in.readNBytes((int) MAX_CONFIG_BYTES + 1);
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            log.error(relative, 0, "file is not UTF-8 text");
            return null;
        } catch (IOException e) {
            log.error(relative, 0, "cannot read the file: " + e.getMessage());
            return null;
        }
    }

    private List<Path> list(Path dir, String glob, ParseLog log) {
        TreeMap<String, Path> sorted = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                sorted.put(p.getFileName().toString(), p);
            }
        } catch (IOException e) {
            log.error(root.path().relativize(dir).toString(), 0, "cannot list the folder: " + e.getMessage());
        }
        return List.copyOf(sorted.values());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
