package org.slidescore.gateway.openapi;

import org.slidescore.gateway.routing.RouteTable;
import org.slidescore.gateway.routing.Service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI 3 document of the public API, generated from the gateway's {@link RouteTable} so that it lists
 * exactly what is routed, with the parameters the contract names (slidescore-api.md §1.6, §6). Parameters travel
 * in the query string or a form body, names case-insensitive; every call takes GET and POST unless it changes
 * state.
 */
final class PublicApiDocument {
    /** Known parameters (as the SDK sends them); absent = none documented. */
    private static final Map<String, List<String>> PARAMS = Map.ofEntries(
            Map.entry("Scores", List.of("studyid", "question?", "email?", "imageid?", "caseid?")),
            Map.entry("GetStudiesUpdated", List.of("since")),
            Map.entry("Images", List.of("studyid")),
            Map.entry("Cases", List.of("studyid")),
            Map.entry("Questions", List.of("studyId")),
            Map.entry("RequestUpload", List.of("filename", "folder", "studyId?")),
            Map.entry("FinishUpload", List.of("id", "token")),
            Map.entry("UploadResults", List.of("studyid", "results")),
            Map.entry("ExportASAPAnnotations", List.of("imageid", "user", "question")),
            Map.entry("UploadASAPAnnotations", List.of("imageid", "user", "asapAnnotation", "questionsMap", "annotationName")),
            Map.entry("GetScreenshot", List.of("imageid", "level", "x?", "y?", "width?", "height?",
                    "withAnnotationForUser?", "scoreIDs?", "question?", "showScalebar?")),
            Map.entry("SendEmail", List.of("studyId", "to", "subject", "body")),
            Map.entry("GetEmailStatus", List.of("studyId", "since?")),
            Map.entry("Reimport", List.of("studyName", "ignoreImageErrors?")),
            Map.entry("GetConfig", List.of("studyid")),
            Map.entry("GetConfigFiles", List.of("studyid")),
            Map.entry("GetImageMetadata", List.of("imageid")),
            Map.entry("GetQupathTokensForStudy", List.of("studyid")),
            Map.entry("GetTileServer", List.of("imageid")),
            Map.entry("GetRawTile", List.of("studyid", "imageId", "level", "x", "y", "width", "height", "jpegQuality")),
            Map.entry("DownloadSlide", List.of("studyid", "imageid")),
            Map.entry("GetSlidePath", List.of("imageId")),
            Map.entry("GetSlideDescription", List.of("imageId")),
            Map.entry("GetCaseDescription", List.of("caseId")),
            Map.entry("GetSlideDetails", List.of("imageid")),
            Map.entry("AddSlide", List.of("studyId", "path")),
            Map.entry("UpdateSlidePath", List.of("imageId", "newPath")),
            Map.entry("UpdateSlideName", List.of("imageId", "newName")),
            Map.entry("SetSlideDescription", List.of("imageId", "studyId", "description")),
            Map.entry("AddQuestion", List.of("studyId", "questionSpec")),
            Map.entry("UpdateQuestion", List.of("studyId", "scoreId", "order", "questionSpec")),
            Map.entry("RemoveQuestion", List.of("studyId", "scoreId")),
            Map.entry("CreateTMAMap", List.of("studyId", "tmaMapFileName")),
            Map.entry("SetSlideTMAMap", List.of("studyId", "imageId", "tmaMapName")),
            Map.entry("IsSlideOutOfFocus", List.of("studyId", "imageId")),
            Map.entry("Sessions", List.of("studyId", "imageId", "email")),
            Map.entry("SessionEvents", List.of("studyId", "sessionId")),
            Map.entry("CreateAnno2", List.of("studyId", "imageId", "caseId?", "tmaCoreId?", "scoreId?", "question?", "email")),
            Map.entry("FinishAnno2Upload", List.of("uploadToken", "uploadId", "apiToken?")),
            Map.entry("ConvertAnnotationToAnno2", List.of("studyId", "imageId", "caseId?", "tmaCoreId?", "scoreId?",
                    "question?", "email", "metadata?")),
            Map.entry("ConvertScoreValueToAnno2", List.of("scoreValueId", "metadata?")),
            Map.entry("GetAnno2", List.of("annoUUID")),
            Map.entry("GenerateSlideFileURL", List.of("filename", "user?")),
            Map.entry("RequestUploadAttachment", List.of("studyId?", "moduleId?", "filename")));

    /** Calls that only change state: POST only. Everything else answers GET and POST. */
    private static final Set<String> POST_ONLY = Set.of("RequestUpload", "FinishUpload", "UploadResults",
            "UploadASAPAnnotations", "SendEmail", "Reimport", "AddSlide", "UpdateSlidePath", "UpdateSlideName",
            "SetSlideDescription", "AddQuestion", "UpdateQuestion", "RemoveQuestion", "CreateTMAMap", "SetSlideTMAMap",
            "GiveUpToken", "CreateAnno2", "CreateOrphanAnno2", "FinishAnno2Upload", "ConvertAnnotationToAnno2",
            "ConvertScoreValueToAnno2");

    /** Calls whose answer is a file rather than JSON: its media type and what 404 means. */
    private static final Map<String, List<String>> FILE_ANSWERS = Map.of(
            "GetAnno2", List.of("application/zip", "the anno2 zip of annoUUID (streamed)",
                    "unknown annoUUID, or its zip not uploaded yet ({\"success\":false,\"error\"})"));

    static Map<String, Object> build() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Slide Score API", "version", "v1",
                "description", "Slide Score compatible public API. Parameters go in the query string or an "
                        + "application/x-www-form-urlencoded body (GET and POST alike); names are case-insensitive. "
                        + "Every /Api call needs Authorization: Bearer <token>."));
        Map<String, Object> paths = new LinkedHashMap<>();
        RouteTable.apiMethods().forEach((method, service) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            Map<String, Object> op = operation(method, service);
            if (!POST_ONLY.contains(method)) {
                item.put("get", op);
            }
            item.put("post", op);
            paths.put("/Api/" + method, item);
        });
        paths.put("/files/", Map.of("post", Map.of("summary", "tus 1.0 upload creation (upload-service)",
                "tags", List.of("upload"), "responses", Map.of("201", Map.of("description", "created")))));
        paths.put("/i/{imageId}/{urlPart}/i_files/{level}/{tile}", Map.of("get", Map.of(
                "summary", "Deep Zoom tile (tile-service); cookie t from GetTileServer", "tags", List.of("tile"),
                "parameters", List.of(pathParam("imageId"), pathParam("urlPart"), pathParam("level"), pathParam("tile")),
                "responses", Map.of("200", Map.of("description", "JPEG tile")))));
        doc.put("paths", paths);
        doc.put("components", Map.of("securitySchemes", Map.of("bearer",
                Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"))));
        doc.put("security", List.of(Map.of("bearer", List.of())));
        return doc;
    }

    private static Map<String, Object> operation(String method, Service service) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", method);
        op.put("tags", List.of(service.configName()));
        List<Map<String, Object>> params = PARAMS.getOrDefault(method, List.of()).stream().map(p -> {
            boolean optional = p.endsWith("?");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", optional ? p.substring(0, p.length() - 1) : p);
            m.put("in", "query");
            m.put("required", !optional);
            m.put("schema", Map.of("type", "string"));
            return m;
        }).toList();
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        List<String> file = FILE_ANSWERS.get(method);
        if (file != null) {
            op.put("responses", Map.of("200", Map.of("description", file.get(1) + "; application errors come with 200 "
                            + "as success:false with error", "content", Map.of(file.get(0), Map.of("schema",
                            Map.of("type", "string", "format", "binary")))),
                    "404", Map.of("description", file.get(2)),
                    "401", Map.of("description", "missing, malformed, expired or revoked token")));
            return op;
        }
        op.put("responses", Map.of("200", Map.of("description", "the call's answer; application errors also come "
                + "with 200 (a JSON string, or success:false with log or error)"),
                "401", Map.of("description", "missing, malformed, expired or revoked token")));
        return op;
    }

    private static Map<String, Object> pathParam(String name) {
        return Map.of("name", name, "in", "path", "required", true, "schema", Map.of("type", "string"));
    }

    static String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Slide Score API</title></head><body><h1>Slide Score API</h1>"
                + "<p>OpenAPI document: <a href=\"/swagger/v1/swagger.json\">/swagger/v1/swagger.json</a></p><ul>");
        RouteTable.apiMethods().forEach((m, s) -> h.append("<li><code>/Api/").append(m).append("</code> (")
                .append(s.configName()).append(")</li>"));
        return h.append("</ul></body></html>").toString();
    }

    private PublicApiDocument() {
    }
}
