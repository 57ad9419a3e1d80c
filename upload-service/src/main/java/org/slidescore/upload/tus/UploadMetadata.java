package org.slidescore.upload.tus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code Upload-Metadata} header: comma-separated {@code key base64value} pairs (the value may be absent). The raw
 * header is kept to echo it unchanged on HEAD; it must be printable ASCII so that echoing it is safe.
 */
public final class UploadMetadata {
    public static final int MAX_LENGTH = 8192;

    private final String raw;
    private final Map<String, byte[]> values;

    private UploadMetadata(String raw, Map<String, byte[]> values) {
        this.raw = raw;
        this.values = values;
    }

    public static UploadMetadata parse(String header) {
        if (header == null || header.isBlank()) {
            return new UploadMetadata(null, Map.of());
        }
        if (header.length() > MAX_LENGTH) {
            throw new TusException(400, "Upload-Metadata is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new TusException(400, "Upload-Metadata must be printable ASCII");
            }
        }
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (String pair : header.split(",", -1)) {
            String p = pair.strip();
            if (p.isEmpty()) {
                throw new TusException(400, "Upload-Metadata has an empty pair");
            }
            int space = p.indexOf(' ');
            String key = space < 0 ? p : p.substring(0, space);
            String value = space < 0 ? "" : p.substring(space + 1).strip();
            if (key.isEmpty() || value.contains(" ")) {
                throw new TusException(400, "Upload-Metadata pair '" + p + "' is not 'key base64value'");
            }
            if (values.containsKey(key)) {
                throw new TusException(400, "Upload-Metadata key '" + key + "' appears twice");
            }
            try {
                values.put(key, Base64.getDecoder().decode(value));
            } catch (IllegalArgumentException e) {
                throw new TusException(400, "Upload-Metadata value of '" + key + "' is not Base64");
            }
        }
        return new UploadMetadata(header, Collections.unmodifiableMap(values));
    }

    /** The header exactly as the client sent it, or null. */
    public String raw() {
        return raw;
    }

    /** A value decoded as UTF-8, or null when the key is absent. */
    public String string(String key) {
        byte[] v = values.get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
