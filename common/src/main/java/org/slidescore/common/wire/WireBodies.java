package org.slidescore.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact, compact response bodies that clients compare as raw text (slidescore-api.md §1.4): the SDK checks
 * {@code "OK"} after FinishUpload and {@code {}} after SetSlideDescription. Use these instead of letting a
 * serializer decide spacing.
 */
public final class WireBodies {
    /** The JSON string {@code "OK"}, quotes included. */
    public static final String OK = "\"OK\"";
    /** The empty JSON object {@code {}}. */
    public static final String EMPTY_OBJECT = "{}";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code value} as a JSON string literal (quoted and escaped): the bare-string error style. */
    public static String jsonString(String value) {
        return write(value == null ? "" : value);
    }

    /** {@code {"success":false,"log":"<message>"}}. */
    public static String successFalseLog(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("log", message == null ? "" : message);
        return write(body);
    }

    /** {@code {"success":false,"error":"<message>"}}. */
    public static String successFalseError(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", message == null ? "" : message);
        return write(body);
    }

    /** The error body of {@code style} for {@code message}. */
    public static String error(ErrorStyle style, String message) {
        return switch (style) {
            case BARE_STRING -> jsonString(message);
            case SUCCESS_LOG -> successFalseLog(message);
            case SUCCESS_ERROR -> successFalseError(message);
        };
    }

    /** Compact JSON of any value (a Map, a record with explicit property names, a String...). */
    public static String json(Object value) {
        return write(value);
    }

    /** HTTP 200, {@code application/json}, exactly {@code body}. */
    public static Response response(String body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8")).build();
    }

    /** HTTP 200 with {@code "OK"}. */
    public static Response ok() {
        return response(OK);
    }

    /** HTTP 200 with {@code {}}. */
    public static Response emptyObject() {
        return response(EMPTY_OBJECT);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a wire body", e);
        }
    }

    private WireBodies() {
    }
}
