package org.slidescore.study.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HtmlDescriptionTest {
    @Test
    void allowedTagsKeptWithoutAttributes() {
        assertEquals("<b>bold</b> <i>it</i><br/><p>para</p>",
                HtmlDescription.sanitize("<b style=\"x\">bold</B> <i onclick='x()'>it</i><br /><p>para</p>"));
    }

    @Test
    void scriptAndUnknownTagsEscaped() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=y&gt;",
                HtmlDescription.sanitize("<script>alert(1)</script><img src=x onerror=y>"));
    }

    @Test
    void linksKeepOnlySafeHrefs() {
        assertEquals("<a href=\"https://x.org/a?b=1&amp;c=2\">x</a><a>y</a><a>z</a>",
                HtmlDescription.sanitize("<a href=\"https://x.org/a?b=1&c=2\" target=_blank>x</a>"
                        + "<a href='javascript:alert(1)'>y</a><a>z</a>"));
    }

    @Test
    void textEscapedEntitiesKept() {
        assertEquals("a &lt; b &amp; c &gt; d &amp; &#169; &quot;q&quot;",
                HtmlDescription.sanitize("a < b & c > d &amp; &#169; \"q\""));
        assertEquals("", HtmlDescription.sanitize(null));
    }
}
