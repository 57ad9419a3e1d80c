package org.slidescore.common.wire;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiRequestTest {

    private static ApiRequest req(String query, String form) {
        return ApiRequest.of(ApiParams.parse(query, form), null);
    }

    @Test
    void formBodyOfAGetWithEmptyQueryIsRead() {
        ApiRequest r = req("", "studyid=3&email=a%40b");
        assertEquals("3", r.param("studyid"));
        assertEquals("a@b", r.param("email"));
    }

    @Test
    void namesAreCaseInsensitive() {
        ApiRequest r = req(null, "studyid=3");
        assertEquals("3", r.param("studyId"));
        assertEquals("3", r.param("StudyID"));
        assertEquals(3L, r.longParam("STUDYID"));
        ApiRequest q = req("ImageId=7", null);
        assertEquals("7", q.param("imageid"));
        assertEquals("7", q.param("imageID"));
    }

    @Test
    void queryAndBodyAreMergedBodyFirst() {
        ApiRequest r = req("imageId=7&level=2", "imageid=8&x=1");
        assertEquals("8", r.param("imageId"));
        assertEquals(List.of("8", "7"), r.params("IMAGEID"));
        assertEquals("2", r.param("level"));
        assertEquals("1", r.param("x"));
    }

    @Test
    void decodingFollowsFormRules() {
        ApiRequest r = req("a=x+y&b=%C3%A9%3B&c=&d&e=1%zz", "subject=Hello+world%21&body=%3CLINK%3AStart+Scoring%3E");
        assertEquals("x y", r.param("a"));
        assertEquals("é;", r.param("b"));
        assertEquals("", r.param("c"));
        assertEquals("", r.param("d"));
        assertEquals("1%zz", r.param("e"));
        assertEquals("Hello world!", r.param("subject"));
        assertEquals("<LINK:Start Scoring>", r.param("body"));
        assertNull(r.param("missing"));
        assertFalse(r.has("missing"));
        assertTrue(r.has("C"));
    }

    @Test
    void requiredParamRefusesAbsentAndBlank() {
        ApiRequest r = req("a=&b=%20", null);
        BadParameterException e = assertThrows(BadParameterException.class, () -> r.requiredParam("studyId"));
        assertEquals("Missing parameter studyId", e.getMessage());
        assertEquals("studyId", e.parameter());
        assertThrows(BadParameterException.class, () -> r.requiredParam("a"));
        assertThrows(BadParameterException.class, () -> r.requiredParam("b"));
        assertThrows(BadParameterException.class, () -> r.longParam("a"));
    }

    @Test
    void numbersAreParsedOrRefusedClearly() {
        ApiRequest r = req("id=42&neg=-5&bad=abc&big=99999999999&sp=%207%20", null);
        assertEquals(42L, r.longParam("id"));
        assertEquals(-5, r.intParam("neg"));
        assertEquals(7, r.intParam("sp"));
        assertEquals(99999999999L, r.longParam("big"));
        BadParameterException e = assertThrows(BadParameterException.class, () -> r.longParam("bad"));
        assertEquals("Parameter bad must be a whole number, got 'abc'", e.getMessage());
        assertThrows(BadParameterException.class, () -> r.intParam("big"));
        assertEquals(OptionalLong.empty(), r.optionalLongParam("none"));
        assertEquals(OptionalLong.of(42), r.optionalLongParam("ID"));
        assertThrows(BadParameterException.class, () -> r.optionalLongParam("bad"));
        assertEquals(9L, r.longParam("none", 9));
        assertEquals(3, r.intParam("none", 3));
        assertTrue(r.optionalParam("none").isEmpty());
        assertEquals("42", r.optionalParam("id").orElseThrow());
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        ApiRequest r = req("a=true&b=False&c=1&d=0&e=yes&f=off&g=maybe&h=", null);
        assertTrue(r.boolParam("a", false));
        assertFalse(r.boolParam("b", true));
        assertTrue(r.boolParam("c", false));
        assertFalse(r.boolParam("d", true));
        assertTrue(r.boolParam("e", false));
        assertFalse(r.boolParam("f", true));
        assertTrue(r.boolParam("h", true));
        assertTrue(r.boolParam("absent", true));
        BadParameterException e = assertThrows(BadParameterException.class, () -> r.boolParam("g", false));
        assertEquals("Parameter g must be true or false, got 'maybe'", e.getMessage());
    }

    @Test
    void emptySourcesGiveNoParameters() {
        ApiRequest r = req(null, null);
        assertTrue(r.all().names().isEmpty());
        assertTrue(req("&&", "&").all().names().isEmpty());
        assertTrue(req("=x", null).all().names().isEmpty());
    }
}
