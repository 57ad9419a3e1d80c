package org.slidescore.study.service;

import org.slidescore.study.config.ParseLog;
import org.slidescore.study.config.QuestionSpec;
import org.slidescore.study.config.StudyUserSpec;
import org.slidescore.study.config.TmaMapSpec;

import java.util.List;
import java.util.Map;

/**
 * Everything a Reimport found in the images root for one study, before it touches the database.
 *
 * @param properties null when there is no {@code .config} file (then the stored properties stay as they are)
 */
public record ImportPlan(String studyName, Map<String, String> properties, List<StudyUserSpec> users,
                         List<QuestionSpec> questions, List<TmaMapSpec> maps, List<PlannedImage> images,
                         ParseLog log) {

    /**
     * A slide to add or update.
     *
     * @param path     relative to the images root
     * @param name     the image name (file name without extension, or the {@code .images} new name)
     * @param explicitName whether {@code name} came from a {@code .images} line (then it renames an existing image)
     * @param exists   whether the file is there
     * @param source   where it was listed (the folder or a {@code .images} file), for the log
     */
    public record PlannedImage(String path, String name, boolean explicitName, String tmaMap, Integer rotation,
                               long fileSize, boolean exists, String source) {
        public PlannedImage withTmaMap(String map) {
            return new PlannedImage(path, name, explicitName, map, rotation, fileSize, exists, source);
        }
    }
}
