package org.slidescore.gateway.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which service owns which public path (architecture.md §2). {@code /Api/{Method}} is matched case-insensitively
 * on the method name and forwarded as {@code /Api/<CanonicalMethod>}, so services only ever see the exact casing.
 * {@code /files}, {@code /files/}, {@code /files/*} go to upload-service; {@code /i/*} and {@code /Image/*} to
 * tile-service. Everything else (admin page, swagger, health) is the gateway's own.
 */
public final class RouteTable {
    /** A decision: forward to {@code service} with {@code path} (query string excluded), or handle locally. */
    public record Route(Service service, String path) {
        public boolean local() {
            return service == Service.GATEWAY;
        }
    }

    private static final Map<String, Service> API;
    private static final Map<String, String> CANONICAL;

    static {
        Map<String, Service> m = new LinkedHashMap<>();
        // upload-service: upload tokens, tus, finishing uploads, attachments
        put(m, Service.UPLOAD, "RequestUpload", "FinishUpload", "RequestUploadAttachment");
        // study-service: studies, slides, cases, questions, users, TMA maps, configuration
        put(m, Service.STUDY, "Studies", "Images", "Cases", "Questions", "Reimport", "GetConfig", "GetConfigFiles",
                "AddSlide", "DeleteSlide", "GetSlidePath", "UpdateSlidePath", "UpdateSlideName", "GetSlideDescription",
                "SetSlideDescription", "GetCaseDescription", "GetSlideDetails", "SetSlideResolution",
                "IsSlideOutOfFocus", "AddQuestion", "UpdateQuestion", "RemoveQuestion", "CreateTMAMap",
                "SetSlideTMAMap", "UpdateTMACoreSize", "CreateStudy", "UpdateStudy", "DeleteStudy", "UndeleteStudy",
                "Publish", "Unpublish", "SetIsArchived", "AddCase", "SetImageCase", "RemoveCase", "UpdateCaseName",
                "AddUser", "RemoveUser", "GenerateLoginLink", "GenerateStudentAccount", "UpsertDomain",
                "GetDomainForStudy", "SetDomainForStudy");
        // scoring-service: answers, annotations, anno2, viewer sessions
        put(m, Service.SCORING, "Scores", "UploadResults", "GetStudiesUpdated", "ExportASAPAnnotations",
                "UploadASAPAnnotations", "CreateAnno2", "CreateOrphanAnno2", "FinishAnno2Upload",
                "ConvertAnnotationToAnno2", "ConvertScoreValueToAnno2", "GetAnno2", "Sessions", "SessionEvents");
        // tile-service: pixels
        put(m, Service.TILE, "GetImageMetadata", "GetTileServer", "GetRawTile", "GetImageTile", "GetScreenshot",
                "DownloadSlide", "GenerateSlideFileURL", "GetQupathTokensForStudy");
        // notification-service
        put(m, Service.NOTIFICATION, "SendEmail", "GetEmailStatus");
        // the gateway itself: tokens
        put(m, Service.GATEWAY, "GiveUpToken");
        Map<String, Service> byLower = new LinkedHashMap<>();
        Map<String, String> canonical = new LinkedHashMap<>();
        m.forEach((name, service) -> {
            byLower.put(name.toLowerCase(Locale.ROOT), service);
            canonical.put(name.toLowerCase(Locale.ROOT), name);
        });
        API = Collections.unmodifiableMap(byLower);
        CANONICAL = Collections.unmodifiableMap(canonical);
    }

    private static void put(Map<String, Service> m, Service s, String... names) {
        for (String n : names) {
            if (m.put(n, s) != null) {
                throw new IllegalStateException("API method routed twice: " + n);
            }
        }
    }

    /**
     * The route of a request path, or null when no service owns it (unknown {@code /Api/} method → 404).
     * Paths outside {@code /Api}, {@code /files}, {@code /i}, {@code /Image} are local to the gateway.
     */
    public static Route resolve(String path) {
        if (path == null || path.isEmpty()) {
            return new Route(Service.GATEWAY, "/");
        }
        if (startsWithSegment(path, "/Api")) {
            String rest = path.length() > 4 ? path.substring(5) : "";
            int slash = rest.indexOf('/');
            String method = slash < 0 ? rest : rest.substring(0, slash);
            if (slash >= 0 && slash < rest.length() - 1) {
                return null; // /Api/Method/extra: no such call
            }
            String key = method.toLowerCase(Locale.ROOT);
            Service s = API.get(key);
            return s == null ? null : new Route(s, "/Api/" + CANONICAL.get(key));
        }
        if (path.equals("/files") || path.startsWith("/files/")) {
            return new Route(Service.UPLOAD, path);
        }
        if (path.startsWith("/i/")) {
            return new Route(Service.TILE, path);
        }
        if (startsWithSegment(path, "/Image") && path.length() > 7) {
            return new Route(Service.TILE, "/Image" + path.substring(6));
        }
        return new Route(Service.GATEWAY, path);
    }

    /** Every routed API method (canonical name) and its service, in a stable order. */
    public static Map<String, Service> apiMethods() {
        Map<String, Service> out = new LinkedHashMap<>();
        API.forEach((k, v) -> out.put(CANONICAL.get(k), v));
        return out;
    }

    /** {@code path} is {@code segment} or starts with {@code segment/}, ignoring case. */
    private static boolean startsWithSegment(String path, String segment) {
        int n = segment.length();
        return path.regionMatches(true, 0, segment, 0, n) && (path.length() == n || path.charAt(n) == '/');
    }

    private RouteTable() {
    }
}
