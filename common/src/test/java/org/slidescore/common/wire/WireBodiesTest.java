package org.slidescore.common.wire;

import jakarta.ws.rs.GET;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WireBodiesTest {

    @Test
    void constantsAreExact() {
        assertEquals("\"OK\"", WireBodies.OK);
        assertEquals("{}", WireBodies.EMPTY_OBJECT);
    }

    @Test
    void errorBodiesAreByteExact() {
        assertEquals("\"No such study\"", WireBodies.error(ErrorStyle.BARE_STRING, "No such study"));
        assertEquals("{\"success\":false,\"log\":\"No such study\"}",
                WireBodies.error(ErrorStyle.SUCCESS_LOG, "No such study"));
        assertEquals("{\"success\":false,\"error\":\"No such study\"}",
                WireBodies.error(ErrorStyle.SUCCESS_ERROR, "No such study"));
    }

    @Test
    void messagesAreJsonEscaped() {
        assertEquals("\"say \\\"hi\\\"\\n\\\\ done\"", WireBodies.jsonString("say \"hi\"\n\\ done"));
        assertEquals("{\"success\":false,\"log\":\"a\\tb\"}", WireBodies.successFalseLog("a\tb"));
        assertEquals("\"\"", WireBodies.jsonString(null));
    }

    @Test
    void jsonIsCompact() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("id", 5);
        assertEquals("{\"success\":true,\"id\":5}", WireBodies.json(m));
    }

    @SlideScoreErrors(ErrorStyle.BARE_STRING)
    static class Annotated {
        @GET
        public void plain() {
        }

        @SlideScoreErrors(ErrorStyle.SUCCESS_ERROR)
        public void own() {
        }
    }

    static class Sub extends Annotated {
        public void subMethod() {
        }
    }

    static class Bare {
        public void m() {
        }
    }

    @Test
    void styleComesFromMethodThenClassThenDefault() throws Exception {
        assertEquals(ErrorStyle.SUCCESS_ERROR,
                WireExceptionMapper.styleOf(Annotated.class.getMethod("own"), Annotated.class));
        assertEquals(ErrorStyle.BARE_STRING,
                WireExceptionMapper.styleOf(Annotated.class.getMethod("plain"), Annotated.class));
        assertEquals(ErrorStyle.BARE_STRING, WireExceptionMapper.styleOf(Sub.class.getMethod("subMethod"), Sub.class));
        assertEquals(ErrorStyle.DEFAULT, WireExceptionMapper.styleOf(Bare.class.getMethod("m"), Bare.class));
        assertEquals(ErrorStyle.DEFAULT, WireExceptionMapper.styleOf(null, null));
    }
}
