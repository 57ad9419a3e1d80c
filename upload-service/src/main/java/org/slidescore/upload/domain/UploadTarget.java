package org.slidescore.upload.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an uploaded file goes: a folder relative to the images root ({@code ""} is the root, {@code /} separators,
 * normalised) and a plain file name. Built only through {@link #of}, which refuses names that could escape the root.
 */
public record UploadTarget(String folder, String fileName) {

    public static final int MAX_NAME = 255;
    public static final int MAX_FOLDER = 1024;

    /** Validates and normalises client input; throws {@link InvalidTargetException} with a message for the client. */
    public static UploadTarget of(String folder, String fileName) {
        return new UploadTarget(normaliseFolder(folder), checkFileName(fileName));
    }

    /** The path relative to the images root with {@code /} separators. */
    public String relativePath() {
        return folder.isEmpty() ? fileName : folder + "/" + fileName;
    }

    static String checkFileName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidTargetException("The filename is missing");
        }
        if (name.length() > MAX_NAME) {
            throw new InvalidTargetException("The filename is longer than " + MAX_NAME + " characters");
        }
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                || hasControlCharacter(name) || name.startsWith(".")) {
            throw new InvalidTargetException("The filename must be a plain file name: " + printable(name));
        }
        return name;
    }

    static String normaliseFolder(String folder) {
        if (folder == null) {
            return "";
        }
        if (folder.length() > MAX_FOLDER) {
            throw new InvalidTargetException("The folder is longer than " + MAX_FOLDER + " characters");
        }
        if (hasControlCharacter(folder)) {
            throw new InvalidTargetException("The folder contains control characters");
        }
        String f = folder.replace('\\', '/');
        if (f.startsWith("/") || (f.length() >= 2 && f.charAt(1) == ':')) {
            throw new InvalidTargetException("The folder must be relative to the images root: " + printable(folder));
        }
        List<String> parts = new ArrayList<>();
        for (String part : f.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new InvalidTargetException("The folder must not contain '..': " + printable(folder));
            }
            if (part.startsWith(".")) {
                throw new InvalidTargetException("Folder names must not start with '.': " + printable(folder));
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    private static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append('?');
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** Client input that cannot name a place inside the images root. */
    public static class InvalidTargetException extends RuntimeException {
        public InvalidTargetException(String message) {
            super(message);
        }
    }
}
