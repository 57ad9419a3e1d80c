package org.slidescore.scoring.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slidescore.events.StudyChanged;
import org.slidescore.scoring.results.ResultsFormatException;
import org.slidescore.scoring.results.ResultsTsvParser;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsImportTest {
    static final StudyModel STUDY = new StudyModel(new StudyChanged(5, "S", "tok", 1, Instant.now(),
            List.of(new StudyChanged.Image(10, "img10", "S/img10.tif", 100L, null, 0, 1, null),
                    new StudyChanged.Image(11, "tma", "S/tma.tif", null, "map1", 0, 1, null)),
            List.of(new StudyChanged.Question(1, "Test question", "FreeText", null, 0),
                    new StudyChanged.Question(2, "Options question", "ClickFriendlyPollOnly", "Option1;;Option2;;Option3", 1),
                    new StudyChanged.Question(3, "Weird", "NoSuchType", null, 2)),
            List.of(new StudyChanged.User("Pytest@Example.com", List.of("canscore"))),
            List.of(new StudyChanged.Case(100, "Case A", null)),
            List.of(new StudyChanged.TmaMap("map1", List.of(new StudyChanged.TmaCore(77, 1, 2, "S-1", false, false))))));

    @Test
    void resolvesImageCaseAndCoreRows() {
        List<ResolvedAnswer> answers = ResultsImport.resolve(STUDY, ResultsTsvParser.parse(
                "\n10\timg10\tpytest@example.com\tTest question\thello\n"
                        + "Case A\tpytest@example.com\tOptions question\tOption2\n"
                        + "11\ttma\tpytest@example.com\t1\t2\tS-1\tTest question\tcore answer"));
        assertEquals(3, answers.size());
        assertEquals(new ResolvedAnswer(10L, null, null, "pytest@example.com", 1, "hello"), answers.get(0));
        assertEquals(new ResolvedAnswer(null, 100L, null, "pytest@example.com", 2, "Option2"), answers.get(1));
        assertEquals(77L, answers.get(2).tmaCoreId());
        assertNull(answers.get(2).caseId());
    }

    @Test
    void theLaterOfTwoIdenticalAnswersWins() {
        List<ResolvedAnswer> answers = ResultsImport.resolve(STUDY, ResultsTsvParser.parse(
                "10\timg10\tpytest@example.com\tTest question\tfirst\n10\tx\tPYTEST@example.com\tTest question\tsecond"));
        assertEquals(1, answers.size());
        assertEquals("second", answers.get(0).value());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
            "10\timg10\tpytest@example.com\tNon-existant question\tanswer|line 2: question \"Non-existant question\" is not in study S",
            "99\timg\tpytest@example.com\tTest question\ta|line 2: image 99 is not in study S",
            "10\timg10\tnobody@example.com\tTest question\ta|line 2: user nobody@example.com is not a user of study S",
            "Case Z\tpytest@example.com\tTest question\ta|line 2: case \"Case Z\" is not in study S",
            "11\ttma\tpytest@example.com\t5\t5\tS-1\tTest question\ta|line 2: image 11 has no TMA core at row 5, column 5",
            "10\timg10\tpytest@example.com\t1\t2\tS-1\tTest question\ta|line 2: image 10 has no TMA core",
            "11\ttma\tpytest@example.com\t1\t2\tS-9\tTest question\ta|is sample \"S-1\", not \"S-9\"",
            "10\timg10\tpytest@example.com\tOptions question\tOption9|line 2: invalid answer to \"Options question\" (ClickFriendlyPollOnly): \"Option9\" is not an option",
            "10\timg10\tpytest@example.com\tWeird\tx|has unknown type NoSuchType",
    })
    void badRowsNameTheLine(String row, String expected) {
        ResultsFormatException e = assertThrows(ResultsFormatException.class,
                () -> ResultsImport.resolve(STUDY, ResultsTsvParser.parse("10\timg10\tpytest@example.com\tTest question\tok\n" + row)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
