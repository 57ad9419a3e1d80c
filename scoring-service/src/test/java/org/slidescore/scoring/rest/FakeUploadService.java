package org.slidescore.scoring.rest;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.SlideUploaded;
import org.slidescore.events.Topics;
import org.slidescore.testsupport.KafkaResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upload-service calls scoring-service makes, served by {@link FakeStudyService}'s HTTP server: {@code POST
 * /internal/upload-tokens} (token {@code upload-token-for-<filename>}), a small tus 1.0.0 server at {@code /files/}
 * (POST with {@code Upload-Length} and the metadata {@code uploadtoken} + {@code apitoken}; PATCH from the current
 * offset) and {@code POST /Api/FinishUpload} ({@code id}, {@code token}, bearer = the upload's {@code apitoken}) which,
 * like upload-service, moves the bytes to {@code <images root>/<folder>/<file>} (the images root it hands to the
 * application as {@code slidescore.images-root}) and publishes {@code slide-uploaded} to the test broker.
 */
final class FakeUploadService {
    static final List<String> UPLOAD_TOKEN_REQUESTS = Collections.synchronizedList(new ArrayList<>());
    /** Paths (relative to the images root) of finished uploads, in order. */
    static final List<String> FINISHED = Collections.synchronizedList(new ArrayList<>());
    /** When set, FinishUpload answers this bare-string error instead of finishing. */
    static volatile String finishRefusal;
    /** The fake's base URL. */
    static volatile String url;
    /** The images root the fake writes and the application reads. */
    static volatile Path imagesRoot;

    /** Upload token → {folder, filename, tokenId}. */
    private static final Map<String, String[]> UPLOAD_TOKENS = new ConcurrentHashMap<>();
    private static final Map<String, TusUpload> UPLOADS = new ConcurrentHashMap<>();
    private static KafkaProducer<String, String> producer;

    /** A tus upload in progress or finished. */
    private static final class TusUpload {
        final String uploadToken;
        final String apiToken;
        final long length;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean finished;

        TusUpload(String uploadToken, String apiToken, long length) {
            this.uploadToken = uploadToken;
            this.apiToken = apiToken;
            this.length = length;
        }
    }

    /** Adds the routes to the fake's router (before it listens). */
    static void mount(Router router) {
        router.post("/internal/upload-tokens").handler(BodyHandler.create(false)).handler(rc -> {
            io.vertx.core.json.JsonObject body = rc.body().asJsonObject();
            UPLOAD_TOKEN_REQUESTS.add(body.encode());
            if (!"anno2".equals(body.getString("folder")) || body.getString("tokenId") == null) {
                rc.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                        .end("{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"bad folder\"}");
                return;
            }
            String token = "upload-token-for-" + body.getString("filename");
            UPLOAD_TOKENS.put(token, new String[] {body.getString("folder"), body.getString("filename"),
                    body.getString("tokenId")});
            rc.response().putHeader("Content-Type", "application/json").end("{\"token\":\"" + token + "\"}");
        });
        router.post("/files/").handler(rc -> {
            Map<String, String> meta = new HashMap<>();
            String header = rc.request().getHeader("Upload-Metadata");
            for (String pair : header == null ? new String[0] : header.split(",")) {
                String[] kv = pair.trim().split(" ");
                meta.put(kv[0], kv.length > 1 ? new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8) : "");
            }
            String uploadToken = meta.get("uploadtoken");
            if (!"1.0.0".equals(rc.request().getHeader("Tus-Resumable"))) {
                rc.response().setStatusCode(412).putHeader("Tus-Version", "1.0.0").end();
            } else if (uploadToken == null || !UPLOAD_TOKENS.containsKey(uploadToken) || meta.get("apitoken") == null
                    || meta.get("apitoken").isBlank() || rc.request().getHeader("Upload-Length") == null) {
                rc.response().setStatusCode(403).end("unknown upload token or no apitoken");
            } else {
                String id = UUID.randomUUID().toString().replace("-", "");
                UPLOADS.put(id, new TusUpload(uploadToken, meta.get("apitoken"),
                        Long.parseLong(rc.request().getHeader("Upload-Length"))));
                rc.response().setStatusCode(201).putHeader("Tus-Resumable", "1.0.0")
                        .putHeader("Location", url + "/files/" + id).end();
            }
        });
        router.patch("/files/:id").handler(BodyHandler.create(false)).handler(rc -> {
            TusUpload u = UPLOADS.get(rc.pathParam("id"));
            if (u == null) {
                rc.response().setStatusCode(404).end();
                return;
            }
            synchronized (u) {
                String type = String.valueOf(rc.request().getHeader("Content-Type")).split(";")[0].trim();
                if (!"application/offset+octet-stream".equalsIgnoreCase(type)) {
                    rc.response().setStatusCode(415).end();
                } else if (!String.valueOf(u.bytes.size()).equals(rc.request().getHeader("Upload-Offset"))) {
                    rc.response().setStatusCode(409).end();
                } else if (u.bytes.size() + rc.body().length() > u.length) {
                    rc.response().setStatusCode(413).end();
                } else {
                    u.bytes.writeBytes(rc.body().buffer().getBytes());
                    rc.response().setStatusCode(204).putHeader("Tus-Resumable", "1.0.0")
                            .putHeader("Upload-Offset", Long.toString(u.bytes.size())).end();
                }
            }
        });
        router.post("/Api/FinishUpload").handler(BodyHandler.create(false)).handler(rc -> {
            String token = rc.request().getFormAttribute("token");
            String id = rc.request().getFormAttribute("id");
            TusUpload u = id == null ? null : UPLOADS.get(id);
            String bearer = String.valueOf(rc.request().getHeader("Authorization"));
            String refusal = finishRefusal;
            String error;
            if (refusal != null) {
                error = refusal;
            } else if (token == null || !UPLOAD_TOKENS.containsKey(token)) {
                error = "Unknown upload token";
            } else if (u == null || !u.uploadToken.equals(token)) {
                error = "Unknown upload";
            } else if (!bearer.equals("Bearer " + u.apiToken)) {
                error = "The upload belongs to another API token";
            } else if (u.bytes.size() != u.length) {
                error = "The upload is not complete";
            } else {
                error = null;
            }
            if (error != null) {
                rc.response().putHeader("Content-Type", "application/json").end("\"" + error + "\"");
                return;
            }
            String[] dest = UPLOAD_TOKENS.get(token);
            rc.vertx().executeBlocking(() -> {
                finish(id, u, dest[0], dest[1], dest[2]);
                return null;
            }).onComplete(done -> {
                if (done.failed()) {
                    rc.fail(done.cause());
                } else {
                    rc.response().putHeader("Content-Type", "application/json").end("\"OK\"");
                }
            });
        });
    }

    /** Once the server listens at {@code baseUrl}: the configuration the application needs for these routes. */
    static Map<String, String> started(String baseUrl) {
        url = baseUrl;
        try {
            imagesRoot = Files.createDirectories(Path.of("target", "fake-images-root")).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("slidescore.services.upload-url", baseUrl, "slidescore.images-root", imagesRoot.toString());
    }

    /** Like upload-service's FinishUpload: the bytes go to the images root, then slide-uploaded is published. */
    private static synchronized void finish(String id, TusUpload u, String folder, String fileName, String tokenId) {
        if (u.finished) {
            return;
        }
        byte[] bytes = u.bytes.toByteArray();
        String path = folder + "/" + fileName;
        try {
            Path target = imagesRoot.resolve(path);
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".finish", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            SlideUploaded event = new SlideUploaded(path, bytes.length, sha, folder, fileName, tokenId,
                    SlideUploaded.FileKind.ANNO2, id);
            if (producer == null) {
                Properties p = new Properties();
                p.put("bootstrap.servers", KafkaResource.bootstrapServers());
                producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            }
            producer.send(new ProducerRecord<>(Topics.SLIDE_UPLOADED, path,
                    EventEnvelope.of("upload-service", Map.of("path", path), event).toJson())).get();
        } catch (Exception e) {
            throw new IllegalStateException("fake FinishUpload failed", e);
        }
        u.finished = true;
        FINISHED.add(path);
    }

    static synchronized void stop() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    private FakeUploadService() {
    }
}
