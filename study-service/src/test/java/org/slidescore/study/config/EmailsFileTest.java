package org.slidescore.study.config;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slidescore.study.config.StudyRight.CANEDIT;
import static org.slidescore.study.config.StudyRight.CANGETRESULTS;
import static org.slidescore.study.config.StudyRight.CANSCORE;
import static org.slidescore.study.config.StudyRight.VIEWONLY;

class EmailsFileTest {
    private static final String F = "study.S.emails";

    @Test
    void sdkLineGivesAllThreeRights() {
        ParseLog log = new ParseLog();
        var users = EmailsFile.parse(F, "pytest@example.com;canscore,canedit,cangetresults\n", log);
        assertEquals(List.of(new StudyUserSpec("pytest@example.com", EnumSet.of(CANSCORE, CANEDIT, CANGETRESULTS))),
                users);
        assertTrue(log.entries().isEmpty());
    }

    @Test
    void noRightsMeansCanScore() {
        ParseLog log = new ParseLog();
        var users = EmailsFile.parse(F, "a@b.org\nc@d.org;\n", log);
        assertEquals(EnumSet.of(CANSCORE), users.get(0).rights());
        assertEquals(EnumSet.of(CANSCORE), users.get(1).rights());
        assertFalse(log.hasErrors());
    }

    @Test
    void everyRightWordCaseInsensitiveAndSpaces() {
        ParseLog log = new ParseLog();
        var users = EmailsFile.parse(F, "  A@B.org ; ViewOnly , CANGETRESULTS \r\n", log);
        assertEquals("a@b.org", users.get(0).email());
        assertEquals(EnumSet.of(VIEWONLY, CANGETRESULTS), users.get(0).rights());
    }

    @Test
    void blankLinesSkippedAndNumberingKept() {
        ParseLog log = new ParseLog();
        var users = EmailsFile.parse(F, "\n\na@b.org;canscore\n\nnot-an-email;canscore\n", log);
        assertEquals(1, users.size());
        assertEquals(1, log.errors().size());
        assertEquals(5, log.errors().get(0).line());
        assertEquals(F, log.errors().get(0).fileName());
        assertTrue(log.text().contains("study.S.emails line 5: 'not-an-email' is not an email address"),
                log.text());
    }

    @Test
    void unknownRightIsAnErrorWithLine() {
        ParseLog log = new ParseLog();
        var users = EmailsFile.parse(F, "a@b.org;canscore\nb@c.org;canfly\n", log);
        assertEquals(1, users.size());
        assertTrue(log.text().contains("line 2: unknown right 'canfly'"), log.text());
    }

    @Test
    void missingEmail() {
        ParseLog log = new ParseLog();
        EmailsFile.parse(F, ";canscore\n", log);
        assertTrue(log.text().contains("line 1: missing email"), log.text());
    }

    @Test
    void badEmailsRefused() {
        for (String bad : new String[]{"a@@b", "a b@c", "@b.org", "a@", "x".repeat(250) + "@b.org"}) {
            ParseLog log = new ParseLog();
            assertTrue(EmailsFile.parse(F, bad + ";canscore", log).isEmpty(), bad);
            assertTrue(log.hasErrors(), bad);
        }
    }

    @Test
    void duplicateUserRightsAreCombined() {
        ParseLog log = new ParseLog();
        var users = EmailsFile.parse(F, "a@b.org;viewonly\nA@b.org;canedit\n", log);
        assertEquals(1, users.size());
        assertEquals(EnumSet.of(VIEWONLY, CANEDIT), users.get(0).rights());
        assertFalse(log.hasErrors());
        assertTrue(log.text().contains("line 2: a@b.org is already listed on line 1"), log.text());
    }

    @Test
    void emptyAndNullContent() {
        ParseLog log = new ParseLog();
        assertTrue(EmailsFile.parse(F, "", log).isEmpty());
        assertTrue(EmailsFile.parse(F, null, log).isEmpty());
        assertTrue(EmailsFile.parse(F, "\uFEFF\n  \n", log).isEmpty());
        assertTrue(log.entries().isEmpty());
    }

    @Test
    void byteOrderMarkIsDropped() {
        ParseLog log = new ParseLog();
        assertEquals("a@b.org", EmailsFile.parse(F, "\uFEFFa@b.org;canscore", log).get(0).email());
    }

    @Test
    void writeThenParseRoundTrip() {
        var users = List.of(new StudyUserSpec("a@b.org", EnumSet.of(CANEDIT, VIEWONLY)),
                new StudyUserSpec("c@d.org", EnumSet.of(CANSCORE)),
                new StudyUserSpec("e@f.org", EnumSet.allOf(StudyRight.class)));
        String text = EmailsFile.write(users);
        assertEquals("a@b.org;viewonly,canedit\nc@d.org;canscore\ne@f.org;viewonly,canscore,cangetresults,canedit\n",
                text);
        ParseLog log = new ParseLog();
        assertEquals(users, EmailsFile.parse(F, text, log));
        assertTrue(log.entries().isEmpty());
    }
}
