package org.slidescore.common.wire;

import org.slidescore.common.auth.ApiToken;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The parameters and token of the current Slide Score API call (request-scoped bean; inject it into resources).
 * Parameters come from the query string and from an {@code application/x-www-form-urlencoded} body, for GET and
 * POST alike, with case-insensitive names (see {@link ApiParams}). Bad or missing values throw
 * {@link BadParameterException}, which the endpoint answers in its error style.
 */
public class ApiRequest {
    /** RoutingContext key under which {@link ApiRequestFilter} leaves the verified {@link ApiToken}. */
    public static final String TOKEN_KEY = "slidescore.api-token";

    private ApiParams params;
    private Supplier<ApiToken> token;

    /** For CDI proxies only. */
    protected ApiRequest() {
    }

    public ApiRequest(ApiParams params, Supplier<ApiToken> token) {
        this.params = params == null ? ApiParams.empty() : params;
        this.token = token;
    }

    /** A request with these parameters and token (tests, internal callers). */
    public static ApiRequest of(ApiParams params, ApiToken token) {
        return new ApiRequest(params, () -> token);
    }

    /** The first value of {@code name} (any case), or null when absent. */
    public String param(String name) {
        return params.first(name);
    }

    /** Every value of {@code name}. */
    public List<String> params(String name) {
        return params.all(name);
    }

    public boolean has(String name) {
        return params.has(name);
    }

    /** The value, or empty when absent or blank. */
    public Optional<String> optionalParam(String name) {
        String v = params.first(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** The value; absent or blank → {@link BadParameterException} "Missing parameter name". */
    public String requiredParam(String name) {
        String v = params.first(name);
        if (v == null || v.isBlank()) {
            throw BadParameterException.missing(name);
        }
        return v;
    }

    /** A required whole number. */
    public long longParam(String name) {
        return parseLong(name, requiredParam(name));
    }

    /** A whole number, or {@code fallback} when absent or blank. */
    public long longParam(String name, long fallback) {
        OptionalLong v = optionalLongParam(name);
        return v.isPresent() ? v.getAsLong() : fallback;
    }

    /** A whole number, or empty when absent or blank; a value that is no number is still an error. */
    public OptionalLong optionalLongParam(String name) {
        String v = params.first(name);
        return v == null || v.isBlank() ? OptionalLong.empty() : OptionalLong.of(parseLong(name, v));
    }

    /** A required int. */
    public int intParam(String name) {
        return parseInt(name, requiredParam(name));
    }

    /** An int, or {@code fallback} when absent or blank. */
    public int intParam(String name, int fallback) {
        OptionalInt v = optionalIntParam(name);
        return v.isPresent() ? v.getAsInt() : fallback;
    }

    public OptionalInt optionalIntParam(String name) {
        String v = params.first(name);
        return v == null || v.isBlank() ? OptionalInt.empty() : OptionalInt.of(parseInt(name, v));
    }

    /**
     * A boolean: {@code true/false}, {@code 1/0}, {@code yes/no}, {@code on/off} in any case ({@code True} from
     * Python's {@code str(True)} included); absent or blank → {@code fallback}; anything else is an error.
     */
    public boolean boolParam(String name, boolean fallback) {
        String v = params.first(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new BadParameterException(name, "Parameter " + name + " must be true or false, got '"
                        + shorten(v) + "'");
        }
    }

    /** The verified token of this call. */
    public ApiToken token() {
        return token.get();
    }

    /** The raw parameters. */
    public ApiParams all() {
        return params;
    }

    private static long parseLong(String name, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "Parameter " + name + " must be a whole number, got '"
                    + shorten(v) + "'");
        }
    }

    private static int parseInt(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "Parameter " + name + " must be a whole number, got '"
                    + shorten(v) + "'");
        }
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }
}
