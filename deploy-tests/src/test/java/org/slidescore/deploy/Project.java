package org.slidescore.deploy;

import org.slidescore.events.Topics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services read, taken from their sources: each module's {@code application.properties}, common's
 * {@code META-INF/microprofile-config.properties} (defaults every service inherits), and the config keys and topic
 * constants in their Java code. The deployment tests compare docker-compose.yml and the Kubernetes manifests with it.
 */
final class Project {
    static final List<String> MODULES = List.of("gateway", "upload-service", "study-service", "scoring-service",
            "tile-service", "notification-service");
    /** Environment every JVM understands, whatever the service. */
    static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS_APPEND");

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}$]*))?");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern TOPICS_CONSTANT = Pattern.compile("\\bTopics\\.([A-Z][A-Z0-9_]*)\\b");

    static Path root() {
        return Path.of(System.getProperty("slidescore.root", "..")).toAbsolutePath().normalize();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The environment-variable form of a config key (MicroProfile Config's mapping rule). */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static Properties commonDefaults() {
        return properties(root().resolve("common/src/main/resources/META-INF/microprofile-config.properties"));
    }

    /** One service as its configuration describes it. */
    record Service(String module, Properties props, Properties common, List<String> javaSources) {
        static Service of(String module) {
            Path dir = root().resolve(module);
            Properties props = properties(dir.resolve("src/main/resources/application.properties"));
            List<String> sources = new ArrayList<>(javaSources(dir));
            sources.addAll(javaSources(root().resolve("common")));
            return new Service(module, props, commonDefaults(), sources);
        }

        private static List<String> javaSources(Path moduleDir) {
            Path src = moduleDir.resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(src)) {
                return files.filter(f -> f.toString().endsWith(".java")).map(Project::read).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Properties of the default (prod) profile: the service's own over common's. */
        Map<String, String> effective() {
            Map<String, String> all = new LinkedHashMap<>();
            for (Properties p : List.of(common, props)) {
                for (String k : p.stringPropertyNames()) {
                    if (!k.startsWith("%")) {
                        all.put(k, p.getProperty(k));
                    }
                }
            }
            return all;
        }

        /** {@code ${VAR:default}} references → default (null when none), over every profile's values. */
        Map<String, String> envReferences() {
            Map<String, String> refs = new LinkedHashMap<>();
            for (Properties p : List.of(common, props)) {
                for (String k : p.stringPropertyNames()) {
                    Matcher m = ENV_REF.matcher(p.getProperty(k));
                    while (m.find()) {
                        refs.putIfAbsent(m.group(1), m.group(2));
                    }
                }
            }
            return refs;
        }

        /** Config keys the service reads: its properties, common's, and those named in its (and common's) code. */
        Set<String> configKeys() {
            Set<String> keys = new TreeSet<>();
            for (Properties p : List.of(common, props)) {
                for (String k : p.stringPropertyNames()) {
                    keys.add(k.startsWith("%") ? k.substring(k.indexOf('.') + 1) : k);
                }
            }
            for (String src : javaSources) {
                Matcher m = CONFIG_PROPERTY.matcher(src);
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
            return keys;
        }

        Set<String> configPrefixes() {
            Set<String> prefixes = new TreeSet<>();
            for (String src : javaSources) {
                Matcher m = CONFIG_MAPPING.matcher(src);
                while (m.find()) {
                    prefixes.add(m.group(1));
                }
            }
            return prefixes;
        }

        /** Whether setting environment variable {@code env} changes anything this service reads. */
        boolean understands(String env) {
            if (JVM_ENV.contains(env) || envReferences().containsKey(env)) {
                return true;
            }
            if (configKeys().stream().anyMatch(k -> envName(k).equals(env))) {
                return true;
            }
            return configPrefixes().stream().anyMatch(p -> env.startsWith(envName(p) + "_"));
        }

        int port() {
            String value = props.getProperty("quarkus.http.port");
            Matcher m = Pattern.compile("\\$\\{SERVICE_PORT:(\\d+)}").matcher(value);
            if (!m.matches()) {
                throw new AssertionError(module + ": quarkus.http.port is not ${SERVICE_PORT:<port>}: " + value);
            }
            return Integer.parseInt(m.group(1));
        }

        String database() {
            String def = envReferences().get("PG_DATABASE");
            if (def == null) {
                throw new AssertionError(module + " has no ${PG_DATABASE:<name>}");
            }
            return def;
        }

        /** Names of services this one calls ({@code slidescore.services.<name>-url}), e.g. {@code study}. */
        Set<String> calledServices() {
            Set<String> names = new TreeSet<>();
            for (String k : configKeys()) {
                Matcher m = Pattern.compile("slidescore\\.services\\.([a-z]+)-url").matcher(k);
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
            return names;
        }

        boolean usesImagesRoot() {
            return configKeys().contains("slidescore.images-root");
        }

        /** Kafka topics named in the configuration (channels, DLQs, reply topics) or through Topics constants. */
        Set<String> topics() {
            Set<String> topics = new LinkedHashSet<>();
            effective().forEach((k, v) -> {
                if ((k.endsWith(".topic") || k.endsWith("-topic")) && !v.isBlank()) {
                    topics.add(v.trim());
                }
            });
            for (String src : javaSources) {
                Matcher m = TOPICS_CONSTANT.matcher(src);
                while (m.find()) {
                    String constant = m.group(1);
                    if (constant.equals("ALL") || constant.equals("COMPACTED") || constant.equals("DLQ_SUFFIX")) {
                        continue;
                    }
                    try {
                        topics.add((String) Topics.class.getField(constant).get(null));
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(module + " uses Topics." + constant + ", which does not exist", e);
                    }
                }
            }
            return topics;
        }
    }

    static List<Service> services() {
        return MODULES.stream().map(Service::of).toList();
    }

    /** {@code upload-service} → {@code upload}, the name in {@code slidescore.services.<name>-url}. */
    static String shortName(String module) {
        return module.replace("-service", "");
    }

    static String moduleOf(String shortName) {
        return shortName.equals("gateway") ? "gateway" : shortName + "-service";
    }

    /** The topics of deploy/compose/topics.txt: name → [partitions, cleanup policy, key=value settings...]. */
    static Map<String, String[]> topicsFile() {
        Map<String, String[]> topics = new LinkedHashMap<>();
        for (String line : read(root().resolve("deploy/compose/topics.txt")).lines().toList()) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length < 3) {
                throw new AssertionError("topics.txt: not 'name partitions policy [key=value...]': " + line);
            }
            for (int i = 3; i < f.length; i++) {
                if (!f[i].matches("[a-z.]+=\\S+")) {
                    throw new AssertionError("topics.txt: '" + f[i] + "' is not a key=value topic setting: " + line);
                }
            }
            topics.put(f[0], java.util.Arrays.copyOfRange(f, 1, f.length));
        }
        return topics;
    }

    /** The key=value settings of a topics.txt entry (third field on) as a map. */
    static Map<String, String> topicSettings(String[] entry) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 2; i < entry.length; i++) {
            String[] kv = entry[i].split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        return settings;
    }

    private Project() {
    }
}
