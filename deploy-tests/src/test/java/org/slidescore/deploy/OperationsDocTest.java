package org.slidescore.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/operations.md names every configuration key and environment variable the services read. */
class OperationsDocTest {
    static final String DOC = Project.read(Project.root().resolve("docs/operations.md"));

    /** Keys of every {@code @ConfigMapping} interface in the sources (method names in kebab case, nested groups). */
    static Set<String> mappedKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        List<String> modules = new ArrayList<>(Project.MODULES);
        modules.add("common");
        for (String m : modules) {
            try (Stream<Path> files = Files.walk(Project.root().resolve(m).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String src = Project.read(f);
                    Matcher prefix = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"").matcher(src);
                    if (prefix.find()) {
                        String body = src.substring(src.indexOf('{', prefix.end()) + 1);
                        collect(prefix.group(1), body, keys);
                    }
                }
            }
        }
        return keys;
    }

    /** Members of one interface body: nested {@code interface X {...}} bodies are removed and followed by type. */
    private static void collect(String prefix, String body, Set<String> keys) {
        java.util.Map<String, String> nested = new java.util.HashMap<>();
        StringBuilder own = new StringBuilder();
        int i = 0;
        Matcher nestedStart = Pattern.compile("interface\\s+(\\w+)\\s*\\{").matcher(body);
        while (nestedStart.find(i)) {
            own.append(body, i, nestedStart.start());
            int depth = 1;
            int j = nestedStart.end();
            while (depth > 0) {
                char c = body.charAt(j++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            nested.put(nestedStart.group(1), body.substring(nestedStart.end(), j - 1));
            i = j;
        }
        own.append(body.substring(i));
        Matcher method = Pattern.compile("(@WithName\\(\"([^\"]+)\"\\)\\s*)?(?:@\\w+(?:\\([^)]*\\))?\\s*)*([\\w.<>, ?]+)\\s+(\\w+)\\(\\);")
                .matcher(own.toString().replaceAll("/\\*\\*.*?\\*/", "").replaceAll("(?s)/\\*\\*.*?\\*/", ""));
        while (method.find()) {
            String type = method.group(3).trim();
            String name = method.group(2) != null ? method.group(2)
                    : method.group(4).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (nested.containsKey(type)) {
                collect(prefix + "." + name, nested.get(type), keys);
            } else {
                keys.add(prefix + "." + name);
            }
        }
    }

    @Test
    void everyConfigMappingKeyIsDocumented() throws IOException {
        Set<String> keys = mappedKeys();
        assertTrue(keys.contains("slidescore.outbox.relay.metrics-interval"), "parser sanity: " + keys);
        assertTrue(keys.contains("slidescore.upload.lock-acquire-timeout"), "parser sanity (@WithName): " + keys);
        assertTrue(keys.contains("slidescore.mail.retry.claim-timeout"), "parser sanity (nested): " + keys);
        List<String> missing = keys.stream().filter(k -> !DOC.contains("`" + k + "`")).toList();
        assertEquals(List.of(), missing, "config keys missing from docs/operations.md: add each to the service's table"
                + " in section 7 (key, env, default, meaning)");
    }

    @Test
    void everySlidescoreKeyAndEnvironmentVariableOfEveryServiceIsDocumented() {
        List<String> missing = new ArrayList<>();
        for (Project.Service s : Project.services()) {
            for (String key : s.configKeys()) {
                if (key.startsWith("slidescore.") && !DOC.contains("`" + key + "`")) {
                    missing.add(s.module() + ": " + key);
                }
            }
            for (String env : s.envReferences().keySet()) {
                if (!DOC.contains("`" + env + "`") && !DOC.contains("`" + env + "`, ")) {
                    missing.add(s.module() + ": $" + env);
                }
            }
        }
        assertEquals(List.of(), missing, "config keys / env variables missing from docs/operations.md: add each to the"
                + " service's table in section 7 (key, env, default, meaning)");
    }

    @Test
    void theSecretsTheProductionOverlayExpectsAreExplained() {
        for (String m : Project.MODULES) {
            assertTrue(DOC.contains("`" + m + "-config-creds`"), m + "-config-creds");
        }
        for (String s : List.of("slidescore-jwt", "slidescore-db-owner", "slidescore-backup-s3")) {
            assertTrue(DOC.contains("`" + s + "`"), s);
        }
        for (String section : List.of("deploy/local/run.sh", "docker compose up", "kubectl apply -k", "## 4. Scaling",
                "## 5. Backup and restore", "pg_dump", "## 7. Configuration reference")) {
            assertTrue(DOC.contains(section), section);
        }
        assertFalse(DOC.contains("TODO"));
    }
}
