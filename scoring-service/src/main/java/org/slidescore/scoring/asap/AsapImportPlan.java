package org.slidescore.scoring.asap;

import org.slidescore.scoring.annotation.AnnotationJson;
import org.slidescore.scoring.annotation.Point;
import org.slidescore.scoring.annotation.Shape;
import org.slidescore.scoring.domain.QuestionType;
import org.slidescore.scoring.domain.StudyModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides where the annotations of an ASAP document go: each colour goes to the question {@code questionsMap} names
 * for it, else to an annotation question named like the annotations' group ({@code PartOfGroup}, as our own export
 * writes it), else to a new question "Imported annotation #n" of that colour (AnnoPoints when the colour has only
 * points, else AnnoShapes). Then builds each target question's answer value.
 */
public final class AsapImportPlan {
    static final String DEFAULT_COLOUR = "#000000";
    private static final Pattern IMPORTED = Pattern.compile("Imported annotation #(\\d+)");

    /** A question to create before storing. */
    public record NewQuestion(String name, QuestionType type, String colour) {
    }

    /** Where one colour's annotations go: an existing question by name, or one of {@link #newQuestions}. */
    public record Target(String questionName, List<AsapAnnotation> annotations) {
    }

    private final List<NewQuestion> newQuestions = new ArrayList<>();
    private final Map<String, Target> targets = new LinkedHashMap<>();

    public static AsapImportPlan plan(StudyModel study, AsapDocument doc, Map<String, String> questionsMap) {
        AsapImportPlan plan = new AsapImportPlan();
        Map<String, List<AsapAnnotation>> byColour = new LinkedHashMap<>();
        for (AsapAnnotation a : doc.annotations()) {
            String colour = doc.colourOf(a);
            byColour.computeIfAbsent(colour == null ? DEFAULT_COLOUR : colour, k -> new ArrayList<>()).add(a);
        }
        int next = nextImportedNumber(study);
        for (Map.Entry<String, List<AsapAnnotation>> e : byColour.entrySet()) {
            String colour = e.getKey();
            List<AsapAnnotation> annotations = e.getValue();
            String name = questionsMap.get(colour);
            if (name != null) {
                StudyModel.Question q = study.question(name);
                if (q == null) {
                    throw new AsapFormatException("questionsMap names question \"" + name + "\", which is not in study "
                            + study.name());
                }
                checkFits(q.name(), q.type(), annotations);
            } else {
                String group = annotations.get(0).group();
                StudyModel.Question byGroup = group == null ? null : study.question(group);
                if (byGroup != null && byGroup.type() != null && byGroup.type().isAnnotation()
                        && byGroup.colour().equals(colour)) {
                    name = byGroup.name();
                    checkFits(name, byGroup.type(), annotations);
                } else {
                    name = "Imported annotation #" + next++;
                    boolean allPoints = annotations.stream().allMatch(AsapConversion::isPoints);
                    QuestionType type = allPoints ? QuestionType.AnnoPoints : QuestionType.AnnoShapes;
                    checkFits(name, type, annotations);
                    plan.newQuestions.add(new NewQuestion(name, type, colour));
                }
            }
            Target existing = plan.targets.get(name);
            if (existing != null) {
                List<AsapAnnotation> merged = new ArrayList<>(existing.annotations());
                merged.addAll(annotations);
                plan.targets.put(name, new Target(name, merged));
            } else {
                plan.targets.put(name, new Target(name, annotations));
            }
        }
        return plan;
    }

    private static void checkFits(String question, QuestionType type, List<AsapAnnotation> annotations) {
        if (type == null || !type.isAnnotation()) {
            throw new AsapFormatException("question \"" + question + "\" is not an annotation question");
        }
        for (AsapAnnotation a : annotations) {
            boolean points = AsapConversion.isPoints(a);
            if (points && type != QuestionType.AnnoPoints) {
                throw new AsapFormatException("annotation \"" + a.name() + "\" (" + a.type()
                        + ") is points, but question \"" + question + "\" is " + type);
            }
            if (!points && type == QuestionType.AnnoPoints) {
                throw new AsapFormatException("annotation \"" + a.name() + "\" (" + a.type()
                        + ") is a shape, but question \"" + question + "\" is AnnoPoints");
            }
        }
    }

    static int nextImportedNumber(StudyModel study) {
        int max = 0;
        for (StudyModel.Question q : study.questions()) {
            Matcher m = IMPORTED.matcher(q.name());
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return max + 1;
    }

    public List<NewQuestion> newQuestions() {
        return newQuestions;
    }

    public List<Target> targets() {
        return List.copyOf(targets.values());
    }

    /** The answer value for a target of question type {@code type}. */
    public static String value(Target t, QuestionType type) {
        if (type == QuestionType.AnnoPoints) {
            List<Point> points = new ArrayList<>();
            t.annotations().forEach(a -> points.addAll(a.coordinates()));
            return AnnotationJson.writePoints(points);
        }
        List<Shape> shapes = new ArrayList<>();
        t.annotations().forEach(a -> shapes.add(AsapConversion.toShape(a)));
        return AnnotationJson.writeShapes(shapes);
    }
}
