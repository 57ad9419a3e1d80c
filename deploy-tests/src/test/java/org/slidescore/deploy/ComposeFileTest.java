package org.slidescore.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slidescore.events.Topics;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docker-compose.yml against the services' configuration: every service with its image, port, health check,
 * database, environment (nothing a service would not read, nothing it needs missing, URLs pointing at the right
 * containers), the shared images root, the key pair and admin password as secrets, Kafka in KRaft mode with every topic.
 */
class ComposeFileTest {
    static Map<String, Object> compose;
    static Map<String, Object> services;

    @BeforeAll
    static void parse() {
        // SafeConstructor resolves anchors and merge keys (<<) as Compose does
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        compose = map(yaml.load(Project.read(Project.root().resolve("docker-compose.yml"))), "docker-compose.yml");
        services = map(compose.get("services"), "services");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map, what + " is not a mapping: " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        assertTrue(o instanceof List, what + " is not a list: " + o);
        return (List<Object>) o;
    }

    static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(map(services.get(service), service).get("environment"), service + ".environment")
                .forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** A compose value with {@code ${VAR:-default}} interpolated to its default. */
    static String withDefaults(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1)));
        }
        m.appendTail(out);
        assertFalse(out.toString().contains("${"), "a variable without a default: " + value);
        return out.toString();
    }

    /** Env variable names the env_file of a service provides: what init-secrets.sh writes into service.env. */
    static Set<String> envFileVariables(String service) {
        Object envFile = map(services.get(service), service).get("env_file");
        if (envFile == null) {
            return Set.of();
        }
        assertEquals(List.of("deploy/compose/secrets/service.env"), envFile, service + ".env_file");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("printf '([A-Z_]+)=%s\\\\n'").matcher(
                Project.read(Project.root().resolve("deploy/compose/init-secrets.sh")));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse(names.isEmpty(), "init-secrets.sh writes no variable into service.env");
        return names;
    }

    static List<String> volumes(String service) {
        Object v = map(services.get(service), service).get("volumes");
        return v == null ? List.of() : list(v, service + ".volumes").stream().map(String::valueOf).toList();
    }

    static List<String> secrets(String service) {
        Object v = map(services.get(service), service).get("secrets");
        return v == null ? List.of() : list(v, service + ".secrets").stream().map(String::valueOf).toList();
    }

    @Test
    void everyServiceRunsItsJibImageOnItsPortWithAHealthCheck() {
        for (Project.Service s : Project.services()) {
            Map<String, Object> svc = map(services.get(s.module()), "service " + s.module());
            assertTrue(String.valueOf(svc.get("image")).startsWith("slidescore/" + s.module() + ":"),
                    s.module() + " image: " + svc.get("image"));
            Map<String, String> env = environment(s.module());
            assertEquals(String.valueOf(s.port()), env.get("SERVICE_PORT"), s.module() + " SERVICE_PORT");
            if (s.module().equals("gateway")) {
                List<Object> ports = list(svc.get("ports"), "gateway.ports");
                assertEquals(List.of("8080:" + s.port()), ports.stream().map(p -> withDefaults(String.valueOf(p)))
                        .toList(), "the gateway is published on 8080");
            } else {
                assertNull(svc.get("ports"), s.module() + " is reached through the gateway only");
                assertEquals(List.of(String.valueOf(s.port())),
                        list(svc.get("expose"), s.module() + ".expose").stream().map(String::valueOf).toList());
            }
            String health = String.join(" ", list(map(svc.get("healthcheck"), s.module() + ".healthcheck")
                    .get("test"), "test").stream().map(String::valueOf).toList());
            assertTrue(health.contains("/dev/tcp/127.0.0.1/" + s.port() + " "), s.module() + " health port: " + health);
            assertTrue(health.contains("GET /q/health/ready "), s.module() + " health path: " + health);
            Map<String, Object> depends = map(svc.get("depends_on"), s.module() + ".depends_on");
            assertEquals("service_healthy", map(depends.get("postgres"), "postgres").get("condition"));
            assertEquals("service_completed_successfully", map(depends.get("kafka-topics"), "topics").get("condition"));
        }
    }

    static void assertNull(Object o, String message) {
        if (o != null) {
            fail(message + ": " + o);
        }
    }

    @Test
    void everyEnvironmentVariableIsOneTheServiceReadsAndNothingNeededIsMissing() {
        for (Project.Service s : Project.services()) {
            Map<String, String> env = environment(s.module());
            Set<String> given = new TreeSet<>(env.keySet());
            given.addAll(envFileVariables(s.module()));
            for (String name : env.keySet()) {
                assertTrue(s.understands(name), s.module() + " reads nothing from " + name);
            }
            // database and broker: the defaults (127.0.0.1) are wrong in a container
            for (String needed : List.of("PG_HOST", "PG_PORT", "PG_USER", "PG_PASSWORD", "PG_DATABASE",
                    "KAFKA_BOOTSTRAP_SERVERS", "SLIDESCORE_JWT_PUBLIC_KEY_LOCATION")) {
                assertTrue(given.contains(needed), s.module() + " lacks " + needed);
            }
            assertEquals("postgres", env.get("PG_HOST"));
            assertEquals(s.database(), env.get("PG_DATABASE"), s.module() + " database");
            // every service it calls, at that container's name and port
            for (String called : s.calledServices()) {
                String var = "SLIDESCORE_" + called.toUpperCase() + "_URL";
                Project.Service target = Project.Service.of(Project.moduleOf(called));
                assertEquals("http://" + target.module() + ":" + target.port(), env.get(var), s.module() + " " + var);
            }
            // no URL variable for a service it does not call
            for (String name : env.keySet()) {
                Matcher m = Pattern.compile("SLIDESCORE_([A-Z]+)_URL").matcher(name);
                if (m.matches() && !name.equals("SLIDESCORE_PUBLIC_URL")) {
                    assertTrue(s.calledServices().contains(m.group(1).toLowerCase()), s.module() + ": " + name);
                }
            }
            // values of variables set with a default must be usable as they are
            env.values().forEach(ComposeFileTest::withDefaults);
        }
    }

    @Test
    void theTileLinkSecretAndTheDatabasePasswordComeFromTheGeneratedEnvFile() {
        Set<String> fromFile = envFileVariables("tile-service");
        assertTrue(fromFile.contains("PG_PASSWORD"));
        assertTrue(fromFile.contains("SLIDESCORE_TILE_TOKEN_SECRET"));
        Project.Service tile = Project.Service.of("tile-service");
        assertTrue(tile.understands("SLIDESCORE_TILE_TOKEN_SECRET"));
        for (String name : fromFile) {
            for (Project.Service s : Project.services()) {
                // the same env file goes to every service: each name must mean something to at least the tile service
                assertTrue(s.understands(name) || name.startsWith("SLIDESCORE_TILE_"), s.module() + ": " + name);
            }
        }
    }

    @Test
    void theImagesRootIsOneSharedVolumeWrittenOnlyByUploadService() {
        for (Project.Service s : Project.services()) {
            Map<String, String> env = environment(s.module());
            List<String> imageMounts = volumes(s.module()).stream().filter(v -> v.startsWith("images:")).toList();
            if (s.usesImagesRoot()) {
                String root = env.get("SLIDESCORE_IMAGES_ROOT");
                assertNotNull(root, s.module() + " needs SLIDESCORE_IMAGES_ROOT");
                String expected = "images:" + root + (s.module().equals("upload-service") ? "" : ":ro");
                assertEquals(List.of(expected), imageMounts, s.module() + " images volume");
            } else {
                assertEquals(List.of(), imageMounts, s.module() + " must not mount the images root");
                assertFalse(env.containsKey("SLIDESCORE_IMAGES_ROOT"), s.module());
            }
        }
        Map<String, Object> declared = map(compose.get("volumes"), "volumes");
        for (Object name : services.keySet()) {
            for (String v : volumes((String) name)) {
                String source = v.split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertTrue(declared.containsKey(source), name + " uses undeclared volume " + source);
                }
            }
        }
        assertTrue(volumes("images-init").contains("images:/data/images"), "the volume is given to uid 185 first");
    }

    @Test
    void keysAndAdminPasswordAreSecretFilesTheServicesFind() {
        Map<String, Object> declared = map(compose.get("secrets"), "secrets");
        String script = Project.read(Project.root().resolve("deploy/compose/init-secrets.sh"));
        for (var e : declared.entrySet()) {
            String file = String.valueOf(map(e.getValue(), e.getKey()).get("file"));
            assertTrue(file.startsWith("deploy/compose/secrets/"), file);
            String name = file.substring(file.lastIndexOf('/') + 1);
            assertTrue(script.contains("$DIR/" + name), "init-secrets.sh does not create " + name);
        }
        for (Project.Service s : Project.services()) {
            Map<String, String> env = environment(s.module());
            assertEquals("/run/secrets/jwt-public.pem", env.get("SLIDESCORE_JWT_PUBLIC_KEY_LOCATION"), s.module());
            assertTrue(secrets(s.module()).contains("jwt-public.pem"), s.module());
            if (!s.module().equals("gateway")) {
                assertFalse(secrets(s.module()).contains("jwt-private.pem"), "only the gateway holds the private key");
            }
        }
        Map<String, String> gw = environment("gateway");
        assertEquals("/run/secrets/jwt-private.pem", gw.get("SLIDESCORE_JWT_PRIVATE_KEY_LOCATION"));
        assertEquals("/run/secrets/admin-password", gw.get("SLIDESCORE_ADMIN_PASSWORD_FILE"));
        assertEquals("false", gw.get("SLIDESCORE_GATEWAY_GENERATE_KEYS"), "the pair is mounted, never generated");
        assertTrue(secrets("gateway").containsAll(List.of("jwt-private.pem", "admin-password")));
        Map<String, String> pg = environment("postgres");
        assertEquals("/run/secrets/pg-password", pg.get("POSTGRES_PASSWORD_FILE"));
        assertEquals(environment("gateway").get("PG_USER"), pg.get("POSTGRES_USER"));
    }

    @Test
    void postgresCreatesEveryServiceDatabase() {
        String init = Project.read(Project.root().resolve("deploy/compose/postgres-init/01-databases.sql"));
        assertTrue(volumes("postgres").contains("./deploy/compose/postgres-init:/docker-entrypoint-initdb.d:ro"));
        Set<String> created = new TreeSet<>();
        Matcher m = Pattern.compile("CREATE DATABASE (\\w+);").matcher(init);
        while (m.find()) {
            created.add(m.group(1));
        }
        Set<String> needed = new TreeSet<>();
        Project.services().forEach(s -> needed.add(s.database()));
        assertEquals(needed, created);
    }

    @Test
    void kafkaRunsInKraftModeAndEveryTopicIsCreatedWithItsDlq() {
        Map<String, Object> kafka = map(services.get("kafka"), "kafka");
        assertEquals("apache/kafka:4.1.2", kafka.get("image"));
        Map<String, String> env = environment("kafka");
        assertTrue(env.get("KAFKA_PROCESS_ROLES").contains("controller"), "KRaft: the broker is its own controller");
        assertFalse(env.keySet().stream().anyMatch(k -> k.contains("ZOOKEEPER")));
        // the image's start script refuses KRaft without a cluster id; Kafka's Uuid is 16 bytes in base64url
        byte[] clusterId = java.util.Base64.getUrlDecoder().decode(env.get("CLUSTER_ID"));
        assertEquals(16, clusterId.length, "CLUSTER_ID");
        assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), "topics come from topics.txt only");
        String advertised = env.get("KAFKA_ADVERTISED_LISTENERS").replace("PLAINTEXT://", "");
        for (Project.Service s : Project.services()) {
            assertEquals(advertised, environment(s.module()).get("KAFKA_BOOTSTRAP_SERVERS"), s.module());
        }
        assertTrue(volumes("kafka-topics").contains("./deploy/compose/topics.txt:/topics.txt:ro"));
        assertTrue(volumes("kafka-topics").contains("./deploy/compose/create-topics.sh:/create-topics.sh:ro"));

        Map<String, String[]> topics = Project.topicsFile();
        assertEquals(new TreeSet<>(Topics.ALL), new TreeSet<>(topics.keySet()), "topics.txt = Topics.ALL");
        topics.forEach((name, f) -> {
            assertEquals(Topics.COMPACTED.contains(name) ? "compact" : "delete", f[1], name + " cleanup policy");
            assertTrue(Integer.parseInt(f[0]) >= 1, name);
        });
        // create-topics.sh creates the .dlq of each
        String script = Project.read(Project.root().resolve("deploy/compose/create-topics.sh"));
        assertTrue(script.contains("create \"$name.dlq\""), "DLQs are created");
        for (Project.Service s : Project.services()) {
            for (String t : s.topics()) {
                String base = t.endsWith(Topics.DLQ_SUFFIX) ? t.substring(0, t.length() - Topics.DLQ_SUFFIX.length()) : t;
                assertTrue(topics.containsKey(base), s.module() + " uses topic " + t + ", which is not created");
            }
        }
    }

    @Test
    void everyServiceInTheFileIsKnown() {
        List<String> infra = List.of("kafka", "kafka-topics", "postgres", "images-init", "mailpit");
        List<String> expected = new ArrayList<>(infra);
        expected.addAll(Project.MODULES);
        assertEquals(new TreeSet<>(expected), new TreeSet<>(services.keySet()));
        Map<String, String> mail = environment("notification-service");
        assertEquals("mailpit", withDefaults(mail.get("SMTP_HOST")));
    }
}
