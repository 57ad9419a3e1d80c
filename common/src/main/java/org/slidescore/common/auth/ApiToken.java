package org.slidescore.common.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A verified API token: its id, name, rights and restriction lists (claims {@code CanUploadOnlyInFolders},
 * {@code CanReadOnlyStudies}, {@code CanModifyOnlyStudies}; an empty list means no restriction) and the raw JWT
 * to forward to other services. Services authorize with the {@code require...} checks, which throw
 * {@link AccessDeniedException} with a message saying what is missing.
 */
public final class ApiToken {
    private final String id;
    private final String name;
    private final Set<Right> rights;
    private final List<String> uploadOnlyInFolders;
    private final List<String> readOnlyStudies;
    private final List<String> modifyOnlyStudies;
    private final Instant expiresAt;
    private final String raw;

    public ApiToken(String id, String name, Collection<Right> rights, List<String> uploadOnlyInFolders,
                    List<String> readOnlyStudies, List<String> modifyOnlyStudies, Instant expiresAt, String raw) {
        this.id = id;
        this.name = name == null ? "" : name;
        this.rights = rights == null || rights.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Right.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(rights));
        this.uploadOnlyInFolders = clean(uploadOnlyInFolders);
        this.readOnlyStudies = clean(readOnlyStudies);
        this.modifyOnlyStudies = clean(modifyOnlyStudies);
        this.expiresAt = expiresAt;
        this.raw = raw;
    }

    /** The token id (claim {@code ID}, also {@code jti}). */
    public String id() {
        return id;
    }

    /** The name the administrator gave the token (claim {@code Name}). */
    public String name() {
        return name;
    }

    /** The JWT as received, without any {@code #...} suffix: forward it as {@code Authorization: Bearer <raw>}. */
    public String raw() {
        return raw;
    }

    /** Null when the token never expires. */
    public Instant expiresAt() {
        return expiresAt;
    }

    public Set<Right> rights() {
        return rights;
    }

    public List<String> uploadOnlyInFolders() {
        return uploadOnlyInFolders;
    }

    public List<String> readOnlyStudies() {
        return readOnlyStudies;
    }

    public List<String> modifyOnlyStudies() {
        return modifyOnlyStudies;
    }

    public boolean has(Right right) {
        return rights.contains(right);
    }

    public void requireRight(Right right) {
        if (!has(right)) {
            throw new AccessDeniedException("This API token lacks the right " + right.name());
        }
    }

    /** Passes when the token has at least one of {@code rights}. */
    public void requireAnyRight(Right... rights) {
        for (Right r : rights) {
            if (has(r)) {
                return;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Right r : rights) {
            names.append(names.length() == 0 ? "" : " or ").append(r.name());
        }
        throw new AccessDeniedException("This API token lacks the right " + names);
    }

    /** Whether the study is in {@code CanReadOnlyStudies} (by id or by name, names case-insensitive) or that list is empty. */
    public boolean canRead(long studyId, String studyName) {
        return listAllows(readOnlyStudies, studyId, studyName);
    }

    public void requireCanRead(long studyId, String studyName) {
        if (!canRead(studyId, studyName)) {
            throw new AccessDeniedException("This API token may not read study " + describe(studyId, studyName));
        }
    }

    /**
     * Whether the token may modify the study: it must be readable ({@link #canRead}) and in
     * {@code CanModifyOnlyStudies} (by id or name) unless that list is empty.
     */
    public boolean canModify(long studyId, String studyName) {
        return canRead(studyId, studyName) && listAllows(modifyOnlyStudies, studyId, studyName);
    }

    public void requireCanModify(long studyId, String studyName) {
        if (!canModify(studyId, studyName)) {
            throw new AccessDeniedException("This API token may not modify study " + describe(studyId, studyName));
        }
    }

    /**
     * Whether uploads into {@code folder} (relative to the images root; {@code /} or {@code \} separators,
     * {@code ./} prefixes and trailing separators ignored) are allowed: {@code CanUploadOnlyInFolders} is empty, or
     * the folder is one of its entries or lies below one. A folder with a {@code ..} segment is never allowed under
     * a restriction. Folder names compare case-sensitively, as the file system does.
     */
    public boolean folderAllowed(String folder) {
        if (uploadOnlyInFolders.isEmpty()) {
            return true;
        }
        String f = normalizeFolder(folder);
        if (f == null) {
            return false;
        }
        for (String allowed : uploadOnlyInFolders) {
            String a = normalizeFolder(allowed);
            if (a == null) {
                continue;
            }
            if (a.isEmpty() || f.equals(a) || f.startsWith(a + "/")) {
                return true;
            }
        }
        return false;
    }

    public void requireFolderAllowed(String folder) {
        if (!folderAllowed(folder)) {
            String shown = folder == null || folder.isBlank() ? "(the root folder)" : folder;
            throw new AccessDeniedException("This API token may not upload into folder " + shown
                    + "; allowed: " + String.join(";", uploadOnlyInFolders));
        }
    }

    /** {@code a\b/./c/} → {@code a/b/c}; root → empty; null when a segment is {@code ..}. */
    static String normalizeFolder(String folder) {
        if (folder == null) {
            return "";
        }
        String[] parts = folder.replace('\\', '/').trim().split("/");
        StringBuilder out = new StringBuilder();
        for (String p : parts) {
            String s = p.trim();
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                return null;
            }
            out.append(out.length() == 0 ? "" : "/").append(s);
        }
        return out.toString();
    }

    private static boolean listAllows(List<String> list, long studyId, String studyName) {
        if (list.isEmpty()) {
            return true;
        }
        String id = Long.toString(studyId);
        for (String entry : list) {
            if (entry.equals(id) || (studyName != null && entry.equalsIgnoreCase(studyName.trim()))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(long studyId, String studyName) {
        return studyName == null || studyName.isBlank() ? Long.toString(studyId) : studyName + " (" + studyId + ")";
    }

    /** Splits a restriction claim: semicolon-separated, entries trimmed, empty entries dropped. */
    public static List<String> parseList(String claim) {
        if (claim == null || claim.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : claim.split(";")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> clean(List<String> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : list) {
            if (s != null && !s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "ApiToken[" + id + " " + name + "]";
    }
}
