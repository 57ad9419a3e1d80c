package org.slidescore.scoring.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerValidatorTest {
    private static final String OPTIONS = "Option1;;Option2;;Option 3";

    @Test
    void allTwentyTypeNamesAreKnownInEnumOrder() {
        List<String> names = List.of("FreeText", "Integer", "Real", "DropDown", "PositiveNegative", "Intensities",
                "Percentage", "Checkbox", "ClickFriendly", "PercentageOnly", "IntensitiesOnly", "PositiveNegativeOnly",
                "ClickFriendlyOnly", "ClickFriendlyPollOnly", "Explanation", "HScore", "HScoreOnly", "AnnoPoints",
                "AnnoMeasure", "AnnoShapes");
        assertEquals(20, QuestionType.values().length);
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), QuestionType.values()[i].name());
            assertEquals(QuestionType.values()[i], QuestionType.byName(names.get(i).toLowerCase()));
        }
        assertNull(QuestionType.byName("Polygon"));
        assertNull(QuestionType.byName(null));
    }

    private static void ok(QuestionType t, String config, String value) {
        assertDoesNotThrow(() -> AnswerValidator.validate(t, config, value), t + " " + value);
    }

    private static String bad(QuestionType t, String config, String value) {
        return assertThrows(InvalidAnswerException.class, () -> AnswerValidator.validate(t, config, value),
                t + " " + value).getMessage();
    }

    @ParameterizedTest
    @EnumSource(value = QuestionType.class, names = {"DropDown", "ClickFriendly", "ClickFriendlyOnly", "ClickFriendlyPollOnly"})
    void optionQuestionsTakeOnlyTheirOptions(QuestionType t) {
        ok(t, OPTIONS, "Option1");
        ok(t, OPTIONS, "Option 3");
        ok(t, OPTIONS, " Option2 ");
        assertTrue(bad(t, OPTIONS, "Option4").contains("not an option of this question (options: Option1, Option2, Option 3)"));
        bad(t, OPTIONS, "option1");
        bad(t, OPTIONS, "");
        assertTrue(bad(t, null, "Option1").contains("has no options"));
    }

    @ParameterizedTest
    @EnumSource(value = QuestionType.class, names = {"Percentage", "PercentageOnly"})
    void percentagesAreZeroToHundred(QuestionType t) {
        for (String v : List.of("0", "100", "55.5", " 7 ", "1e1", ".5")) {
            ok(t, null, v);
        }
        assertTrue(bad(t, null, "100.01").contains("not between 0 and 100"));
        assertTrue(bad(t, null, "-1").contains("not between 0 and 100"));
        assertTrue(bad(t, null, "50%").contains("is not a number"));
        bad(t, null, "");
        bad(t, null, "NaN");
        bad(t, null, "Infinity");
    }

    @Test
    void integers() {
        ok(QuestionType.Integer, null, "0");
        ok(QuestionType.Integer, null, "-12");
        ok(QuestionType.Integer, null, "+3");
        assertTrue(bad(QuestionType.Integer, null, "1.5").contains("is not an integer"));
        bad(QuestionType.Integer, null, "1e3");
        bad(QuestionType.Integer, null, "abc");
        bad(QuestionType.Integer, null, "");
        bad(QuestionType.Integer, null, "99999999999999999999");
    }

    @Test
    void reals() {
        for (String v : List.of("0", "-1.25", "3.", ".5", "6.02e23", "1E-3")) {
            ok(QuestionType.Real, null, v);
        }
        for (String v : List.of("1,5", "NaN", "-Infinity", "0x10", "", "1.2.3", "e5")) {
            bad(QuestionType.Real, null, v);
        }
    }

    @Test
    void checkboxWithoutOptionsIsTrueOrFalse() {
        for (String v : List.of("True", "false", "YES", "no", "1", "0")) {
            ok(QuestionType.Checkbox, null, v);
        }
        assertTrue(bad(QuestionType.Checkbox, null, "maybe").contains("not a checkbox value"));
        bad(QuestionType.Checkbox, "", "2");
    }

    @Test
    void checkboxWithOptionsListsTickedOptions() {
        ok(QuestionType.Checkbox, OPTIONS, "Option1;Option 3");
        ok(QuestionType.Checkbox, OPTIONS, "Option2");
        ok(QuestionType.Checkbox, OPTIONS, "");
        assertTrue(bad(QuestionType.Checkbox, OPTIONS, "Option1;Nope").contains("\"Nope\" is not an option"));
    }

    @Test
    void explanationTakesNoAnswer() {
        assertTrue(bad(QuestionType.Explanation, null, "x").contains("takes no answers"));
    }

    @ParameterizedTest
    @EnumSource(value = QuestionType.class, names = {"FreeText", "PositiveNegative", "Intensities", "HScore",
            "HScoreOnly", "IntensitiesOnly", "PositiveNegativeOnly"})
    void textualTypesTakeAnyBoundedText(QuestionType t) {
        ok(t, null, "anything at all, even \"quotes\" and ;;");
        ok(t, null, "");
        assertTrue(bad(t, null, "x".repeat(AnswerValidator.MAX_TEXT_LENGTH + 1)).contains("longer than"));
        bad(t, null, null);
    }

    @Test
    void annoPoints() {
        ok(QuestionType.AnnoPoints, "#ff0000", "[{\"x\": 6794.0, \"y\": 20853.0}, {\"x\": 1, \"y\": \"2\"}]");
        ok(QuestionType.AnnoPoints, "#ff0000", "[]");
        assertTrue(bad(QuestionType.AnnoPoints, null, "[{\"x\":1}]").contains("point 1 y is missing"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "{\"x\":1,\"y\":2}").contains("must be a JSON array"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "[{\"x\":1,\"y\":2},").contains("not valid JSON"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "[1,2]").contains("point 1 must be an object"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "[{\"x\":\"a\",\"y\":2}]").contains("is not a number"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "[{\"x\":true,\"y\":2}]").contains("must be a number"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "[] []").contains("not valid JSON"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "").contains("empty annotation"));
        assertTrue(bad(QuestionType.AnnoPoints, null, "[{\"x\":1e999,\"y\":2}]").contains("finite"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"type\":\"polygon\",\"points\":[{\"x\":1,\"y\":1},{\"x\":5,\"y\":1},{\"x\":5,\"y\":5}]}]",
            "[{\"type\":\"polyline\",\"points\":[{\"x\":1,\"y\":1},{\"x\":5,\"y\":1}]}]",
            "[{\"type\":\"rect\",\"corner\":{\"x\":1,\"y\":2},\"size\":{\"x\":3,\"y\":4},\"modifiedOn\":\"2024-01-01\"}]",
            "[{\"type\":\"ellipse\",\"center\":{\"x\":10,\"y\":20},\"size\":{\"x\":3,\"y\":4},\"labels\":[\"a\"]}]",
            "[{\"type\":\"brush\",\"positivePolygons\":[[{\"x\":0,\"y\":0},{\"x\":9,\"y\":0},{\"x\":9,\"y\":9}]],"
                    + "\"negativePolygons\":[[{\"x\":1,\"y\":1},{\"x\":2,\"y\":1},{\"x\":2,\"y\":2}]]}]",
            "[{\"type\":\"brush\",\"positivePolygons\":[]}]",
            "[{\"type\":\"heatmap\",\"x\":100,\"y\":200,\"height\":64,\"data\":[[0,255],[12,13]]}]",
            "[]",
    })
    void annoShapesAccepted(String json) {
        ok(QuestionType.AnnoShapes, "#00ff00", json);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
            "[{\"points\":[]}]|shape 1 has no \"type\"",
            "[{\"type\":\"circle\"}]|unknown type \"circle\"",
            "[{\"type\":\"polygon\",\"points\":[{\"x\":1,\"y\":1},{\"x\":2,\"y\":2}]}]|needs at least 3 points",
            "[{\"type\":\"polygon\"}]|(polygon) points must be an array",
            "[{\"type\":\"polyline\",\"points\":[{\"x\":1,\"y\":1}]}]|needs at least 2 points",
            "[{\"type\":\"rect\",\"corner\":null,\"size\":{\"x\":1,\"y\":1}}]|(rect) corner must be an object",
            "[{\"type\":\"rect\",\"corner\":{\"x\":1,\"y\":1},\"size\":{\"x\":-1,\"y\":1}}]|(rect) size must not be negative",
            "[{\"type\":\"ellipse\",\"center\":{\"x\":1,\"y\":1}}]|(ellipse) size must be an object",
            "[{\"type\":\"brush\"}]|needs a \"positivePolygons\" array",
            "[{\"type\":\"brush\",\"positivePolygons\":[[{\"x\":1,\"y\":1}]]}]|positive polygon 1 needs at least 3 points",
            "[{\"type\":\"brush\",\"positivePolygons\":[],\"negativePolygons\":5}]|\"negativePolygons\" must be an array",
            "[{\"type\":\"heatmap\",\"x\":0,\"y\":0,\"height\":10,\"data\":[[0,256]]}]|must be an integer 0..255",
            "[{\"type\":\"heatmap\",\"x\":0,\"y\":0,\"height\":10,\"data\":[]}]|non-empty \"data\"",
            "[{\"type\":\"heatmap\",\"x\":0,\"y\":0,\"height\":0,\"data\":[[1]]}]|height must be positive",
            "[{\"type\":\"heatmap\",\"y\":0,\"height\":1,\"data\":[[1]]}]|(heatmap) x is missing",
            "[{\"type\":\"heatmap\",\"x\":0,\"y\":0,\"height\":1,\"data\":[5]}]|data row 1 must be an array",
            "[5]|shape 1 must be an object",
            "[{\"type\":\"rect\",\"corner\":{\"x\":1,\"y\":1},\"size\":{\"x\":1,\"y\":1}},{\"type\":7}]|shape 2 has no \"type\"",
    })
    void annoShapesRefusedWithReason(String json, String expected) {
        String message = bad(QuestionType.AnnoShapes, null, json);
        assertTrue(message.contains(expected), message);
    }

    @Test
    void anno2ReferencesAreAnnotationValues() {
        ok(QuestionType.AnnoShapes, null, "anno2:8f51008c-9ede-e8b4-cba8-55a2cf6c73bf");
        ok(QuestionType.AnnoPoints, null, "anno2:8f51008c-9ede-e8b4-cba8-55a2cf6c73bf");
        bad(QuestionType.AnnoShapes, null, "anno2:not-a-uuid");
        bad(QuestionType.FreeText, null, "nul\0char");
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertTrue(bad(QuestionType.AnnoShapes, null, deep).contains("not valid JSON"));
    }

    @Test
    void configColoursAndOptions() {
        assertEquals("#e6194b", QuestionConfig.colour("#E6194B"));
        assertEquals("#e6194b", QuestionConfig.colour("#e6194b;something"));
        assertEquals("#ffaa00", QuestionConfig.colour("#fa0"));
        assertEquals(QuestionConfig.DEFAULT_COLOUR, QuestionConfig.colour("red"));
        assertEquals(QuestionConfig.DEFAULT_COLOUR, QuestionConfig.colour(null));
        assertEquals(List.of("a", "b c"), QuestionConfig.options(" a ;;b c;;;;"));
        assertEquals(List.of(), QuestionConfig.options(null));
        assertNull(QuestionConfig.normalizeColour("#12345"));
    }
}
