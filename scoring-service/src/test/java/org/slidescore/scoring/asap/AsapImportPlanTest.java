package org.slidescore.scoring.asap;

import org.junit.jupiter.api.Test;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.domain.QuestionType;
import org.slidescore.scoring.domain.StudyModel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsapImportPlanTest {
    static final StudyModel STUDY = new StudyModel(new StudyChanged(1, "S", "t", 1, Instant.now(), List.of(),
            List.of(new StudyChanged.Question(1, "Tumour", "AnnoShapes", "#e6194b", 0),
                    new StudyChanged.Question(2, "Cells", "AnnoPoints", "#00ff00;extra", 1),
                    new StudyChanged.Question(3, "Imported annotation #4", "AnnoShapes", "#123456", 2),
                    new StudyChanged.Question(4, "Grade", "Integer", null, 3)),
            List.of(), List.of(), List.of()));

    static final String XML = "<ASAP_Annotations><Annotations>"
            + "<Annotation Name=\"a\" Type=\"Polygon\" PartOfGroup=\"x\" Color=\"#E6194B\"><Coordinates>"
            + "<Coordinate Order=\"0\" X=\"0\" Y=\"0\"/><Coordinate Order=\"1\" X=\"4\" Y=\"0\"/><Coordinate Order=\"2\" X=\"4\" Y=\"4\"/>"
            + "</Coordinates></Annotation>"
            + "<Annotation Name=\"b\" Type=\"Dot\" PartOfGroup=\"Cells\" Color=\"#00ff00\"><Coordinates>"
            + "<Coordinate X=\"7\" Y=\"8\"/></Coordinates></Annotation>"
            + "<Annotation Name=\"c\" Type=\"Dot\" PartOfGroup=\"g\" Color=\"#0000ff\"><Coordinates>"
            + "<Coordinate X=\"1\" Y=\"1\"/></Coordinates></Annotation>"
            + "<Annotation Name=\"d\" Type=\"Spline\" PartOfGroup=\"g\"><Coordinates>"
            + "<Coordinate X=\"1\" Y=\"1\"/><Coordinate X=\"2\" Y=\"2\"/></Coordinates></Annotation>"
            + "</Annotations></ASAP_Annotations>";

    @Test
    void mapThenGroupNameThenNewQuestions() {
        AsapDocument doc = new AsapReader().read(XML);
        AsapImportPlan plan = AsapImportPlan.plan(STUDY, doc, QuestionsMap.parse("#e6194b;Tumour"));
        assertEquals(List.of("Tumour", "Cells", "Imported annotation #5", "Imported annotation #6"),
                plan.targets().stream().map(AsapImportPlan.Target::questionName).toList());
        assertEquals(List.of(new AsapImportPlan.NewQuestion("Imported annotation #5", QuestionType.AnnoPoints, "#0000ff"),
                new AsapImportPlan.NewQuestion("Imported annotation #6", QuestionType.AnnoShapes, "#000000")),
                plan.newQuestions());
        assertEquals("[{\"type\":\"polygon\",\"points\":[{\"x\":0,\"y\":0},{\"x\":4,\"y\":0},{\"x\":4,\"y\":4}]}]",
                AsapImportPlan.value(plan.targets().get(0), QuestionType.AnnoShapes));
        assertEquals("[{\"x\":7,\"y\":8}]", AsapImportPlan.value(plan.targets().get(1), QuestionType.AnnoPoints));
    }

    @Test
    void aGroupNameWithAnotherColourMakesANewQuestion() {
        String xml = "<ASAP_Annotations><Annotations><Annotation Name=\"b\" Type=\"Dot\" PartOfGroup=\"Cells\" "
                + "Color=\"#ff00ff\"><Coordinates><Coordinate X=\"7\" Y=\"8\"/></Coordinates></Annotation>"
                + "</Annotations></ASAP_Annotations>";
        AsapImportPlan plan = AsapImportPlan.plan(STUDY, new AsapReader().read(xml), Map.of());
        assertEquals("Imported annotation #5", plan.targets().get(0).questionName());
    }

    @Test
    void mismatchedKindsAreRefused() {
        AsapDocument doc = new AsapReader().read(XML);
        assertTrue(assertThrows(AsapFormatException.class, () -> AsapImportPlan.plan(STUDY, doc,
                QuestionsMap.parse("#00ff00;Tumour"))).getMessage()
                .contains("annotation \"b\" (Dot) is points, but question \"Tumour\" is AnnoShapes"));
        assertTrue(assertThrows(AsapFormatException.class, () -> AsapImportPlan.plan(STUDY, doc,
                QuestionsMap.parse("#e6194b;Cells"))).getMessage()
                .contains("is a shape, but question \"Cells\" is AnnoPoints"));
        assertEquals("question \"Grade\" is not an annotation question", assertThrows(AsapFormatException.class,
                () -> AsapImportPlan.plan(STUDY, doc, QuestionsMap.parse("#e6194b;Grade"))).getMessage());
    }

    @Test
    void questionsMapLines() {
        assertEquals(Map.of("#e6194b", "Tumour", "#00ff00", "Cells"),
                QuestionsMap.parse("#E6194B;Tumour\r\n\n  #0f0 ; Cells  \n"));
        assertTrue(QuestionsMap.parse(null).isEmpty());
        assertEquals("questionsMap line 2: expected #rrggbb;Question name, got \"nothing\"",
                assertThrows(AsapFormatException.class, () -> QuestionsMap.parse("#000000;A\nnothing")).getMessage());
        assertEquals("questionsMap line 1: no question name after the colour",
                assertThrows(AsapFormatException.class, () -> QuestionsMap.parse("#000000;  ")).getMessage());
        assertTrue(assertThrows(AsapFormatException.class, () -> QuestionsMap.parse("#000000;A\n#000000;B"))
                .getMessage().contains("already mapped to \"A\""));
    }
}
