package org.slidescore.study.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoresFileTest {
    private static final String F = "study.S.scores";

    @Test
    void sdkTabSeparatedFile() {
        ParseLog log = new ParseLog();
        var qs = ScoresFile.parse(F, "Annotate shape\tAnnoShapes\t#FF0000\nTest question\tFreeText\n"
                + "Options question\tClickFriendlyPollOnly\tOption1;;Option2;;Option3\n", log);
        assertEquals(List.of(new QuestionSpec("Annotate shape", QuestionType.AnnoShapes, "#FF0000"),
                new QuestionSpec("Test question", QuestionType.FreeText, ""),
                new QuestionSpec("Options question", QuestionType.ClickFriendlyPollOnly, "Option1;;Option2;;Option3")),
                qs);
        assertEquals("#FF0000", qs.get(0).colour());
        assertEquals(List.of("Option1", "Option2", "Option3"), qs.get(2).options());
        assertTrue(log.entries().isEmpty(), log.text());
    }

    @Test
    void semicolonSeparatedAsTheDocsSay() {
        ParseLog log = new ParseLog();
        var qs = ScoresFile.parse(F, "Grade;DropDown;Low;;Mid;;High\nCells;AnnoPoints;#00ff00;extra\nNote;Explanation\n",
                log);
        assertEquals(new QuestionSpec("Grade", QuestionType.DropDown, "Low;;Mid;;High"), qs.get(0));
        assertEquals(List.of("Low", "Mid", "High"), qs.get(0).options());
        assertEquals("#00ff00", qs.get(1).colour());
        assertEquals("#00ff00;extra", qs.get(1).config());
        assertEquals(QuestionType.Explanation, qs.get(2).type());
        assertFalse(log.hasErrors(), log.text());
    }

    @Test
    void tabWinsOverSemicolonInTheSameLine() {
        ParseLog log = new ParseLog();
        var q = ScoresFile.parse(F, "Name; with semicolon\tDropDown\tA;;B", log).get(0);
        assertEquals("Name; with semicolon", q.name());
        assertEquals(List.of("A", "B"), q.options());
    }

    @ParameterizedTest
    @EnumSource(QuestionType.class)
    void everyTypeNameIsAccepted(QuestionType type) {
        String config = type.hasOptions() ? "a;;b" : type.isAnnotation() ? "#123456" : "";
        ParseLog log = new ParseLog();
        var qs = ScoresFile.parse(F, "Q\t" + type.name() + (config.isEmpty() ? "" : "\t" + config), log);
        assertEquals(1, qs.size(), log.text());
        assertEquals(type, qs.get(0).type());
        assertFalse(log.hasErrors());
    }

    @Test
    void twentyTypesInContractOrder() {
        assertEquals(20, QuestionType.values().length);
        assertEquals(QuestionType.FreeText, QuestionType.values()[0]);
        assertEquals(QuestionType.DropDown, QuestionType.values()[3]);
        assertEquals(QuestionType.ClickFriendlyPollOnly, QuestionType.values()[13]);
        assertEquals(QuestionType.AnnoShapes, QuestionType.values()[19]);
        assertEquals(QuestionType.HScore, QuestionType.parse("15").orElseThrow());
        assertEquals(QuestionType.AnnoMeasure, QuestionType.parse("annomeasure").orElseThrow());
        assertTrue(QuestionType.parse("20").isEmpty());
    }

    @Test
    void unknownTypeReportsLineAndAllowedNames() {
        ParseLog log = new ParseLog();
        var qs = ScoresFile.parse(F, "Ok\tFreeText\n\nBad\tSlider\n", log);
        assertEquals(1, qs.size());
        assertEquals(3, log.errors().get(0).line());
        assertTrue(log.text().contains("study.S.scores line 3: unknown question type 'Slider' (allowed: FreeText,"),
                log.text());
    }

    @Test
    void missingTypeAndMissingName() {
        ParseLog log = new ParseLog();
        assertTrue(ScoresFile.parse(F, "Only a name\n\tFreeText\n;Integer\nName\t \n", log).isEmpty());
        assertEquals(4, log.errors().size(), log.text());
        assertTrue(log.text().contains("line 1: question 'Only a name' has no type"));
        assertTrue(log.text().contains("line 2: missing question name"));
        assertTrue(log.text().contains("line 3: missing question name"));
        assertTrue(log.text().contains("line 4: question 'Name' has no type"));
    }

    @Test
    void optionTypesNeedOptions() {
        ParseLog log = new ParseLog();
        assertTrue(ScoresFile.parse(F, "Q\tDropDown\nR\tClickFriendly\tA;;;;B\nS\tClickFriendlyOnly\t;;", log)
                .isEmpty());
        assertTrue(log.text().contains("line 1: DropDown question 'Q' needs its options"), log.text());
        assertTrue(log.text().contains("line 2: ClickFriendly question 'R' has an empty option (number 2)"),
                log.text());
        assertTrue(log.text().contains("line 3: ClickFriendlyOnly question 'S' has an empty option (number 1)"),
                log.text());
    }

    @Test
    void annotationColourFirst() {
        ParseLog log = new ParseLog();
        var qs = ScoresFile.parse(F, "A\tAnnoShapes\tred\nB\tAnnoMeasure\t#abc\nC\tAnnoPoints\n"
                + "D\tAnnoShapes\t#12345\n", log);
        assertEquals(2, qs.size());
        assertTrue(log.text().contains("line 1: AnnoShapes question 'A' must start its configuration with a colour"),
                log.text());
        assertTrue(log.text().contains("Warning: study.S.scores line 3: AnnoPoints question 'C' has no colour"));
        assertTrue(log.text().contains("line 4: AnnoShapes question 'D' must start"));
        assertEquals("#abc", qs.get(0).colour());
        assertTrue(qs.get(0).options().isEmpty());
        assertNull(qs.get(1).colour());
    }

    @Test
    void duplicateQuestionNamesIgnoringCase() {
        ParseLog log = new ParseLog();
        var qs = ScoresFile.parse(F, "Grade\tFreeText\ngrade\tInteger\n", log);
        assertEquals(1, qs.size());
        assertTrue(log.text().contains("line 2: question 'grade' is already defined on line 1"), log.text());
    }

    @Test
    void tooLongName() {
        ParseLog log = new ParseLog();
        assertTrue(ScoresFile.parse(F, "x".repeat(1001) + "\tFreeText", log).isEmpty());
        assertTrue(log.text().contains("longer than 1000"));
    }

    @Test
    void tooLongLineKeepsNumbering() {
        ParseLog log = new ParseLog();
        var qs = ScoresFile.parse(F, "y".repeat(70_000) + "\nQ\tFreeText\nR\tNope\n", log);
        assertEquals(1, qs.size());
        assertTrue(log.text().contains("line 1: line is longer than"), log.text());
        assertTrue(log.text().contains("line 3: unknown question type 'Nope'"), log.text());
    }

    @Test
    void configWhitespaceTrimmedButInnerKept() {
        ParseLog log = new ParseLog();
        var q = ScoresFile.parse(F, "Q\tFreeText\t  some  text \r\n", log).get(0);
        assertEquals("some  text", q.config());
    }

    @Test
    void writeThenParseRoundTrip() {
        var qs = List.of(new QuestionSpec("Annotate shape", QuestionType.AnnoShapes, "#FF0000"),
                new QuestionSpec("Free; text", QuestionType.FreeText, ""),
                new QuestionSpec("Options", QuestionType.ClickFriendlyPollOnly, "Option1;;Option2"),
                new QuestionSpec("Int", QuestionType.Integer, "0;100"));
        String text = ScoresFile.write(qs);
        assertEquals("Annotate shape\tAnnoShapes\t#FF0000\nFree; text\tFreeText\nOptions\tClickFriendlyPollOnly\t"
                + "Option1;;Option2\nInt\tInteger\t0;100\n", text);
        ParseLog log = new ParseLog();
        assertEquals(qs, ScoresFile.parse(F, text, log));
        assertTrue(log.entries().isEmpty());
    }
}
