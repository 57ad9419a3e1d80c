package org.slidescore.study.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyConfigFileTest {
    private static final String F = "study.S.config";

    @Test
    void singleAndListValues() {
        ParseLog log = new ParseLog();
        var props = StudyConfigFile.parse(F, "label: My study\nstainings: HE, CD8 ,Ki67\n", log);
        assertEquals("My study", props.get("label"));
        assertEquals(List.of("HE", "CD8", "Ki67"), StudyConfigFile.values(props.get("stainings")));
        assertTrue(log.entries().isEmpty());
    }

    @Test
    void unknownPropertyKeptAndReportedNotFatal() {
        ParseLog log = new ParseLog();
        var props = StudyConfigFile.parse(F, "label: x\nShowSlideNames: false\n", log);
        assertEquals("false", props.get("showslidenames"));
        assertFalse(log.hasErrors());
        assertTrue(log.text().contains("Warning: study.S.config line 2: unknown property 'showslidenames' kept"),
                log.text());
    }

    @Test
    void lineWithoutColonIsAnError() {
        ParseLog log = new ParseLog();
        var props = StudyConfigFile.parse(F, "label: x\n\njust words\n: value\n", log);
        assertEquals(Map.of("label", "x"), props);
        assertTrue(log.text().contains("study.S.config line 3: expected 'property: value', found 'just words'"),
                log.text());
        assertTrue(log.text().contains("line 4: '' is not a property name"), log.text());
    }

    @Test
    void valueMayContainColonsAndBeEmpty() {
        ParseLog log = new ParseLog();
        var props = StudyConfigFile.parse(F, "description: see http://x.org/a:b\nfolder:\n", log);
        assertEquals("see http://x.org/a:b", props.get("description"));
        assertEquals("", props.get("folder"));
        assertEquals(List.of(), StudyConfigFile.values(props.get("folder")));
    }

    @Test
    void repeatedPropertyLastWinsWithWarning() {
        ParseLog log = new ParseLog();
        var props = StudyConfigFile.parse(F, "label: a\nLABEL: b\n", log);
        assertEquals("b", props.get("label"));
        assertTrue(log.text().contains("line 2: property 'label' was already set on line 1"), log.text());
    }

    @Test
    void writeThenParseRoundTrip() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("label", "Nice: name");
        props.put("stainings", "HE,CD8");
        props.put("custom", "");
        String text = StudyConfigFile.write(props);
        assertEquals("label: Nice: name\nstainings: HE,CD8\ncustom: \n", text);
        assertEquals(props, StudyConfigFile.parse(F, text, new ParseLog()));
    }
}
