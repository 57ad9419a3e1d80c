package org.slidescore.notification.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecipientListTest {

    @Test
    void splitsOnSemicolonsTrimsAndSkipsBlanks() {
        assertEquals(List.of("a@example.org", "b.c+d@sub.example.com"),
                RecipientList.parse(" a@example.org ;; b.c+d@sub.example.com; ", 10).addresses());
    }

    @Test
    void acceptsCommasTooAndDropsDuplicatesIgnoringCase() {
        assertEquals(List.of("A@Example.org", "b@example.org"),
                RecipientList.parse("A@Example.org,b@example.org;a@example.ORG", 10).addresses());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "@example.org", "a@", "a@b", "a b@example.org", "<a@example.org>",
            "Name <a@example.org>", "a@exa mple.org", "a@-example.org", "a..b@example.org", ".a@example.org",
            "a.@example.org", "a@example..org", "\"a\"@example.org", "a@example.org\u0000"})
    void refusesWhatIsNotAPlainAddress(String address) {
        var e = assertThrows(InvalidEmailException.class, () -> RecipientList.parse(address, 10));
        assertTrue(e.getMessage().endsWith("is not an e-mail address"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.org\r\nBcc: evil@example.net", "a@example.org\nb@example.org",
            "a@example.org\r"})
    void refusesLineBreaks(String to) {
        var e = assertThrows(InvalidEmailException.class, () -> RecipientList.parse(to, 10));
        assertEquals("to must not contain line breaks", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ";", " ; , "})
    void refusesAnEmptyList(String to) {
        var e = assertThrows(InvalidEmailException.class, () -> RecipientList.parse(to, 10));
        assertEquals("to must name at least one e-mail address", e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(InvalidEmailException.class, () -> RecipientList.parse(null, 10));
    }

    @Test
    void boundsTheNumberOfRecipients() {
        assertEquals(3, RecipientList.parse("a@x.org;b@x.org;c@x.org", 3).addresses().size());
        var e = assertThrows(InvalidEmailException.class,
                () -> RecipientList.parse("a@x.org;b@x.org;c@x.org;d@x.org", 3));
        assertEquals("to names 4 addresses; at most 3 are allowed in one call", e.getMessage());
    }

    @Test
    void boundsTheLengthOfAnAddress() {
        String longDomain = "a@" + ("b".repeat(60) + ".").repeat(5)
                + ".org";
        assertThrows(InvalidEmailException.class, () -> RecipientList.parse(longDomain, 10));
        assertThrows(InvalidEmailException.class, () -> RecipientList.parse("x".repeat(65) + "@example.org", 10));
    }

    @Test
    void normalizesForComparison() {
        assertEquals("a@example.org", RecipientList.normalized(" A@Example.ORG "));
    }
}
