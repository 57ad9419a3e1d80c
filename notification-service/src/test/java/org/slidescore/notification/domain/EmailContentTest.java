package org.slidescore.notification.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmailContentTest {
    static final String URL = "https://scores.example.test/Study/Score?studyId=7";
    static final EmailContent.Limits LIMITS = new EmailContent.Limits(20, 200);
    static final EmailContent.Limits LIMITS_LARGE = new EmailContent.Limits(20, 2000);

    @Test
    void replacesTheStartScoringTokenKeepingItsCaption() {
        var c = EmailContent.of("Please score", "Dear pathologist,\n<LINK:Start Scoring>\nThanks", URL, LIMITS);
        assertEquals("Dear pathologist,\nStart Scoring (" + URL + ")\nThanks", c.body());
        assertEquals("Please score", c.subject());
    }

    @Test
    void replacesEveryTokenWithAnyCaptionAndIgnoresTheCaseOfLink() {
        var c = EmailContent.of("s", "<LINK:open it> or <link: the study > or <Link:x>", URL, LIMITS);
        assertEquals("open it (" + URL + ") or the study (" + URL + ") or x (" + URL + ")", c.body());
    }

    @Test
    void theHtmlAlternativeShowsTheCaptionAsAnAnchorAndEscapesEverythingElse() {
        var c = EmailContent.of("s", "Dear <b>Dr. O'Neil</b> & co,\r\n<LINK:Start <now>>\n<LINK:Start & score>\rbye",
                URL, LIMITS_LARGE);
        assertEquals("Dear &lt;b&gt;Dr. O'Neil&lt;/b&gt; &amp; co,<br>\n&lt;LINK:Start &lt;now&gt;&gt;<br>\n"
                + "<a href=\"" + URL + "\">Start &amp; score</a><br>\nbye", c.html());
    }

    @Test
    void quotesInTheUrlCannotLeaveTheHrefAttribute() {
        var c = EmailContent.of("s", "<LINK:x>", "https://h.example/p?a=\"onclick='x'&b=1", LIMITS);
        assertEquals("<a href=\"https://h.example/p?a=&quot;onclick=&#39;x&#39;&amp;b=1\">x</a>", c.html());
    }

    @Test
    void leavesTextThatIsNoTokenAlone() {
        String body = "<LINK:> <LINK no colon> <LINK:two\nlines> a < b > c $1 \\ done";
        assertEquals(body, EmailContent.of("s", body, URL, LIMITS).body());
    }

    @Test
    void aBlankCaptionGivesTheBareUrl() {
        assertEquals("see " + URL, EmailContent.of("s", "see <LINK:   >", URL, LIMITS).body());
    }

    @Test
    void anEmptyBodyIsAllowed() {
        assertEquals("", EmailContent.of("s", "", URL, LIMITS).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hi\r\nBcc: evil@example.net", "Hi\nthere", "Hi\r"})
    void refusesLineBreaksInTheSubject(String subject) {
        var e = assertThrows(InvalidEmailException.class, () -> EmailContent.of(subject, "b", URL, LIMITS));
        assertEquals("subject must not contain line breaks", e.getMessage());
    }

    @Test
    void refusesOtherControlCharactersInTheSubject() {
        var e = assertThrows(InvalidEmailException.class, () -> EmailContent.of("a\u0000b", "b", URL, LIMITS));
        assertEquals("subject must not contain control characters", e.getMessage());
        assertEquals("a\tb", EmailContent.of("a\tb", "b", URL, LIMITS).subject());
    }

    @Test
    void boundsSubjectAndBody() {
        assertEquals("x".repeat(20), EmailContent.of("x".repeat(20), "b", URL, LIMITS).subject());
        var subject = assertThrows(InvalidEmailException.class,
                () -> EmailContent.of("x".repeat(21), "b", URL, LIMITS));
        assertEquals("subject is 21 characters long; at most 20 are allowed", subject.getMessage());
        assertEquals(200, EmailContent.of("s", "y".repeat(200), URL, LIMITS).body().length());
        var body = assertThrows(InvalidEmailException.class, () -> EmailContent.of("s", "y".repeat(201), URL, LIMITS));
        assertEquals("body is 201 characters long; at most 200 are allowed", body.getMessage());
    }

    @Test
    void requiresSubjectAndBody() {
        assertEquals("subject must not be empty",
                assertThrows(InvalidEmailException.class, () -> EmailContent.of("  ", "b", URL, LIMITS)).getMessage());
        assertEquals("subject must not be empty",
                assertThrows(InvalidEmailException.class, () -> EmailContent.of(null, "b", URL, LIMITS)).getMessage());
        assertEquals("body is required",
                assertThrows(InvalidEmailException.class, () -> EmailContent.of("s", null, URL, LIMITS)).getMessage());
    }

    @Test
    void boundsTheNumberOfLinkTokens() {
        var limits = new EmailContent.Limits(20, 10_000);
        String hundred = "<LINK:a>".repeat(EmailContent.MAX_LINKS);
        assertEquals(EmailContent.MAX_LINKS * ("a (" + URL + ")").length(),
                EmailContent.of("s", hundred, URL, limits).body().length());
        var e = assertThrows(InvalidEmailException.class,
                () -> EmailContent.of("s", hundred + "<LINK:b>", URL, limits));
        assertEquals("body holds 101 <LINK:...> tokens; at most 100 are allowed", e.getMessage());
    }

    @Test
    void refusesNulCharactersInTheBody() {
        assertThrows(InvalidEmailException.class, () -> EmailContent.of("s", "a\u0000b", URL, LIMITS));
    }
}
