package org.slidescore.scoring.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTsvParserTest {

    @Test
    void fiveColumnsAsTheSdkSendsThemWithLeadingNewline() {
        List<ResultRow> rows = ResultsTsvParser.parse("\n12\ttest-image\ta@b.c\tTest question\ttest answer 1\n"
                + "12\ttest-image\ta@b.c\tOptions question\tOption2");
        assertEquals(2, rows.size());
        ResultRow r = rows.get(0);
        assertEquals(2, r.line());
        assertEquals(12L, r.imageId());
        assertEquals("test-image", r.imageName());
        assertEquals("a@b.c", r.user());
        assertEquals("Test question", r.question());
        assertEquals("test answer 1", r.answer());
        assertNull(r.caseName());
        assertFalse(r.isTmaCore());
        assertEquals(3, rows.get(1).line());
    }

    @Test
    void fourColumnsAreACaseLevelAnswer() {
        ResultRow r = ResultsTsvParser.parse("Case A\tu@x.org\tQ\tyes").get(0);
        assertEquals("Case A", r.caseName());
        assertTrue(r.isCaseLevel());
        assertEquals("u@x.org", r.user());
        assertEquals("Q", r.question());
        assertEquals("yes", r.answer());
    }

    @Test
    void sixColumnsCarryTheCaseName() {
        ResultRow r = ResultsTsvParser.parse("Case A\t7\timg\tu@x.org\tQ\t42").get(0);
        assertEquals("Case A", r.caseName());
        assertEquals(7L, r.imageId());
        assertEquals("42", r.answer());
    }

    @Test
    void sixColumnsWithImageZeroAreCaseLevel() {
        ResultRow r = ResultsTsvParser.parse("Case A\t0\t\tu@x.org\tQ\t42").get(0);
        assertTrue(r.isCaseLevel());
        assertEquals("Case A", r.caseName());
    }

    @Test
    void eightColumnsCarryTmaCore() {
        ResultRow r = ResultsTsvParser.parse("7\timg\tu@x.org\t2\t3\tS-17\tQ\t5").get(0);
        assertEquals(2, r.tmaRow());
        assertEquals(3, r.tmaCol());
        assertEquals("S-17", r.tmaSampleId());
        assertTrue(r.isTmaCore());
    }

    @Test
    void nineColumnsCarryCaseAndTmaCore() {
        ResultRow r = ResultsTsvParser.parse("C1\t7\timg\tu@x.org\t0\t1\tS\tQ\tv").get(0);
        assertEquals("C1", r.caseName());
        assertEquals(0, r.tmaRow());
        assertEquals(1, r.tmaCol());
    }

    @Test
    void eightColumnsWithEmptyTmaFieldsAreNotOnACore() {
        ResultRow r = ResultsTsvParser.parse("7\timg\tu@x.org\t\t\t\tQ\tv").get(0);
        assertFalse(r.isTmaCore());
    }

    @Test
    void pythonNoneAsSampleIdMeansNone() {
        ResultRow r = ResultsTsvParser.parse("7\timg\tu@x.org\t1\t1\tNone\tQ\tv").get(0);
        assertTrue(r.isTmaCore());
        assertNull(r.tmaSampleId());
    }

    @Test
    void headerLineAndBlankLinesAndCrLfAreSkipped() {
        List<ResultRow> rows = ResultsTsvParser.parse("ImageID\tImage Name\tBy\tQuestion\tAnswer\r\n\r\n"
                + "7\timg\tu@x.org\tQ\tv\r\n   \n7\timg\tu@x.org\tQ2\tw\r\n");
        assertEquals(2, rows.size());
        assertEquals(3, rows.get(0).line());
        assertEquals("v", rows.get(0).answer());
        assertEquals(5, rows.get(1).line());
    }

    @Test
    void caseNameHeaderIsSkippedToo() {
        assertEquals(1, ResultsTsvParser.parse("CaseName\tImageID\tImage Name\tBy\tQuestion\tAnswer\nC\t1\ti\tu\tq\ta").size());
    }

    @Test
    void emptyTextHasNoRows() {
        assertTrue(ResultsTsvParser.parse("").isEmpty());
        assertTrue(ResultsTsvParser.parse("\n\n").isEmpty());
        assertTrue(ResultsTsvParser.parse(null).isEmpty());
    }

    @Test
    void emptyAnswerIsKeptForTheValidatorToJudge() {
        assertEquals("", ResultsTsvParser.parse("7\timg\tu\tQ\t").get(0).answer());
    }

    @Test
    void answerKeepsInnerSpacesAndJson() {
        String json = "[{\"type\":\"polygon\",\"points\":[{\"x\":1,\"y\":2}]}]";
        assertEquals(json, ResultsTsvParser.parse("7\timg\tu\tQ\t" + json).get(0).answer());
        assertEquals("  two  spaces ", ResultsTsvParser.parse("7\timg\tu\tQ\t  two  spaces ").get(0).answer());
    }

    @Test
    void theSdksBrokenCaseRowIsReadAsTheCaseRowItMeans() {
        // SlideScoreResult.toRow() with a case name and no image repeats the case name: 5 columns.
        ResultRow r = ResultsTsvParser.parse("Case A\tCase A\tu@x.org\tQ\tv").get(0);
        assertTrue(r.isCaseLevel());
        assertEquals("Case A", r.caseName());
        assertEquals("u@x.org", r.user());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a\tb", "a\tb\tc", "1\t2\t3\t4\t5\t6\t7", "1\t2\t3\t4\t5\t6\t7\t8\t9\t10"})
    void wrongColumnCountNamesTheLineAndTheCount(String line) {
        ResultsFormatException e = assertThrows(ResultsFormatException.class,
                () -> ResultsTsvParser.parse("\n7\timg\tu\tQ\tv\n" + line));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("line 3: expected 4, 5, 6, 8 or 9 TAB-separated columns, found "),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
            "x7\timg\tu\tQ\tv|ImageID \"x7\" is not a number",
            "-3\timg\tu\tQ\tv|ImageID -3 is negative",
            "99999999999999999999\timg\tu\tQ\tv|is not a number",
            "7\timg\t\tQ\tv|empty user",
            "7\timg\tu\t \tv|empty question",
            "'\tu\tQ\tv'|empty case name",
            "0\timg\tu\tQ\tv|needs a case name",
            "7\timg\tu\tx\t1\tS\tQ\tv|TMA row \"x\" is not a number",
            "7\timg\tu\t1\t\tS\tQ\tv|TMA column \"\" is not a number",
            "7\timg\tu\t-1\t2\tS\tQ\tv|TMA row -1 is negative",
            "C\t0\timg\tu\t1\t2\tS\tQ\tv|a TMA core needs an image",
    })
    void badFieldsAreRefusedWithTheLineNumber(String line, String expected) {
        ResultsFormatException e = assertThrows(ResultsFormatException.class, () -> ResultsTsvParser.parse(line));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().startsWith("line 1: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void writerOutputParsesBackToTheSameRows() {
        ResultsTsvWriter w = new ResultsTsvWriter(true, true);
        List<ResultRow> rows = List.of(
                new ResultRow(0, "C1", 7L, "img", "u@x", 1, 2, "S1", "Q", "a"),
                new ResultRow(0, "C1", 7L, "img", "u@x", null, null, null, "Q", "b"),
                new ResultRow(0, "C2", null, null, "u@x", null, null, null, "Q", "c"));
        StringBuilder sb = new StringBuilder(w.header());
        rows.forEach(r -> sb.append(w.line(r)));
        List<ResultRow> back = ResultsTsvParser.parse(sb.toString());
        assertEquals(3, back.size());
        for (int i = 0; i < 3; i++) {
            ResultRow a = rows.get(i);
            ResultRow b = back.get(i);
            assertEquals(a.caseName(), b.caseName());
            assertEquals(a.imageId(), b.imageId());
            assertEquals(a.user(), b.user());
            assertEquals(a.tmaRow(), b.tmaRow());
            assertEquals(a.tmaCol(), b.tmaCol());
            assertEquals(a.tmaSampleId(), b.tmaSampleId());
            assertEquals(a.question(), b.question());
            assertEquals(a.answer(), b.answer());
        }
    }

    @Test
    void writerHeadersFollowTheLayout() {
        assertEquals("ImageID\tImage Name\tBy\tQuestion\tAnswer\n", new ResultsTsvWriter(false, false).header());
        assertEquals("ImageID\tImage Name\tBy\tTMA Row\tTMA Col\tTMA Sample\tQuestion\tAnswer\n",
                new ResultsTsvWriter(false, true).header());
        assertEquals("CaseName\tImageID\tImage Name\tBy\tQuestion\tAnswer\n", new ResultsTsvWriter(true, false).header());
    }

    @Test
    void writerReplacesTabsAndNewlinesInValues() {
        String line = new ResultsTsvWriter(false, false).line(
                new ResultRow(0, null, 3L, "a\tb", "u", null, null, null, "Q", "line1\nline2\r\tend"));
        assertEquals("3\ta b\tu\tQ\tline1 line2  end\n", line);
    }
}
