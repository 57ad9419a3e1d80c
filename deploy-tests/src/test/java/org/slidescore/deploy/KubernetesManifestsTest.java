package org.slidescore.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slidescore.events.Topics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slidescore.deploy.Kustomize.list;
import static org.slidescore.deploy.Kustomize.map;

/**
 * deploy/k8s: each overlay rendered (base + overlay patches) and checked against the services' configuration and
 * the event contract: workloads, ports, probes, config, secrets, volumes, autoscaling, ingress, Kafka topics and the
 * PostgreSQL databases.
 */
class KubernetesManifestsTest {
    static final String KAFKA = "slidescore-kafka";
    static final String DB_CLUSTER = "slidescore-db";
    /** Secrets that exist in the cluster before the manifests are applied (docs/operations.md). */
    static final Set<String> PRE_CREATED = Set.of("slidescore-jwt", "slidescore-backup-s3", "slidescore-tls");

    static List<Map<String, Object>> render(String overlay) {
        return Kustomize.build(Project.root().resolve("deploy/k8s/overlays").resolve(overlay));
    }

    static Map<String, Object> one(List<Map<String, Object>> objects, String kind, String name) {
        Map<String, Object> o = Kustomize.find(objects, kind, name);
        assertNotNull(o, kind + " " + name + " is missing");
        return o;
    }

    static List<Map<String, Object>> all(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    static Object at(Object o, String path) {
        Object cur = o;
        for (String part : path.split("\\.")) {
            if (cur == null) {
                return null;
            }
            cur = map(cur, path).get(part);
        }
        return cur;
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(at(deployment, "spec.template.spec"), "pod spec");
    }

    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> cs = Kustomize.containers(deployment);
        assertEquals(1, cs.size(), "one container per service pod");
        return cs.get(0);
    }

    /** What the container's environment holds: its ConfigMaps and Secrets from envFrom, then env entries. */
    static Map<String, String> environment(List<Map<String, Object>> objects, Map<String, Object> deployment,
                                           Set<String> secretsFromOutside) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> c = container(deployment);
        for (Object f : list(c.getOrDefault("envFrom", List.of()), "envFrom")) {
            Map<String, Object> from = map(f, "envFrom");
            if (from.get("configMapRef") != null) {
                String name = String.valueOf(at(from, "configMapRef.name"));
                map(at(one(objects, "ConfigMap", name), "data"), name).forEach((k, v) -> env.put(k, String.valueOf(v)));
            } else {
                String name = String.valueOf(at(from, "secretRef.name"));
                Map<String, Object> secret = Kustomize.find(objects, "Secret", name);
                if (secret == null) {
                    secretsFromOutside.add(name);
                } else {
                    map(secret.get("stringData"), name).forEach((k, v) -> env.put(k, String.valueOf(v)));
                }
            }
        }
        for (Object e : list(c.getOrDefault("env", List.of()), "env")) {
            Map<String, Object> entry = map(e, "env");
            env.put(String.valueOf(entry.get("name")), String.valueOf(entry.get("value")));
        }
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyManifestParsesAndIsNamedOnce(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> o : objects) {
            assertNotNull(o.get("apiVersion"), "apiVersion of " + o);
            assertNotNull(o.get("kind"), "kind of " + o);
            String id = o.get("kind") + "/" + Kustomize.name(o);
            assertTrue(Kustomize.name(o).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), "not a DNS name: " + id);
            assertTrue(seen.add(id), "twice: " + id);
            if (!o.get("kind").equals("Namespace")) {
                assertEquals("slidescore" + (overlay.equals("dev") ? "-dev" : ""), at(o, "metadata.namespace"), id);
            }
        }
        assertEquals(1, all(objects, "Namespace").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasItsWorkloadServicePortsProbesBudgetAndAutoscaler(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        String commonPom = Project.read(Project.root().resolve("common/pom.xml"));
        assertTrue(commonPom.contains("<artifactId>quarkus-smallrye-health</artifactId>"), "health endpoints come from common");
        for (Project.Service s : Project.services()) {
            String m = s.module();
            assertFalse(s.effective().containsKey("quarkus.smallrye-health.root-path"), m + " moves /q/health");
            assertFalse(s.effective().containsKey("quarkus.http.non-application-root-path"), m + " moves /q");
            Map<String, Object> d = one(objects, "Deployment", m);
            Map<String, Object> labels = map(at(d, "spec.template.metadata.labels"), "pod labels");
            map(at(d, "spec.selector.matchLabels"), "selector").forEach((k, v) ->
                    assertEquals(v, labels.get(k), m + " selector label " + k));
            Map<String, Object> c = container(d);
            assertTrue(String.valueOf(c.get("image")).contains("slidescore/" + m + ":"), m + " image " + c.get("image"));
            List<Object> ports = list(c.get("ports"), m + " ports");
            assertEquals(1, ports.size());
            Map<String, Object> port = map(ports.get(0), "port");
            assertEquals(s.port(), port.get("containerPort"), m + " containerPort");
            String portName = String.valueOf(port.get("name"));
            for (var probe : Map.of("livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready",
                    "startupProbe", "/q/health/started").entrySet()) {
                Map<String, Object> get = map(at(c, probe.getKey() + ".httpGet"), m + " " + probe.getKey());
                assertEquals(probe.getValue(), get.get("path"), m + " " + probe.getKey());
                Object p = get.get("port");
                assertTrue(p.equals(portName) || p.equals(s.port()), m + " " + probe.getKey() + " port " + p);
            }
            assertNotNull(at(c, "resources.requests.cpu"), m + " cpu request");
            assertNotNull(at(c, "resources.requests.memory"), m + " memory request");
            assertNotNull(at(c, "resources.limits.memory"), m + " memory limit");
            Map<String, Object> annotations = map(at(d, "spec.template.metadata.annotations"), "annotations");
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
            assertEquals(String.valueOf(s.port()), annotations.get("prometheus.io/port"));

            Map<String, Object> svc = one(objects, "Service", m);
            map(at(svc, "spec.selector"), "selector").forEach((k, v) -> assertEquals(v, labels.get(k), m + " service selector"));
            Map<String, Object> sp = map(list(at(svc, "spec.ports"), "ports").get(0), "service port");
            assertEquals(s.port(), sp.get("port"), m + " service port");
            assertTrue(sp.get("targetPort").equals(portName) || sp.get("targetPort").equals(s.port()));

            Map<String, Object> pdb = one(objects, "PodDisruptionBudget", m);
            map(at(pdb, "spec.selector.matchLabels"), "pdb").forEach((k, v) -> assertEquals(v, labels.get(k), m + " pdb"));
            Map<String, Object> hpa = one(objects, "HorizontalPodAutoscaler", m);
            assertEquals("Deployment", at(hpa, "spec.scaleTargetRef.kind"));
            assertEquals(m, at(hpa, "spec.scaleTargetRef.name"));
            int min = (Integer) at(hpa, "spec.minReplicas");
            int max = (Integer) at(hpa, "spec.maxReplicas");
            assertTrue(min >= 1 && max >= min, m + " replicas " + min + ".." + max);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void autoscalingFollowsTheDesign(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, String[]> topics = Project.topicsFile();
        for (String m : List.of("tile-service", "upload-service")) {
            Map<String, Object> hpa = one(objects, "HorizontalPodAutoscaler", m);
            int min = (Integer) at(hpa, "spec.minReplicas");
            int max = (Integer) at(hpa, "spec.maxReplicas");
            assertTrue(max > min, m + " scales out");
            if (overlay.equals("prod")) {
                assertTrue(min >= 2, m + " keeps two replicas in production");
            }
        }
        // consumers of one group beyond the partition count would idle
        int reimportPartitions = Integer.parseInt(topics.get(Topics.REIMPORT_REQUESTED)[0]);
        assertTrue((Integer) at(one(objects, "HorizontalPodAutoscaler", "study-service"), "spec.maxReplicas")
                <= reimportPartitions, "study-service import workers up to the partitions of " + Topics.REIMPORT_REQUESTED);
        int emailPartitions = Integer.parseInt(topics.get(Topics.EMAIL_REQUESTED)[0]);
        assertTrue((Integer) at(one(objects, "HorizontalPodAutoscaler", "notification-service"), "spec.maxReplicas")
                <= emailPartitions, "notification senders up to the partitions of " + Topics.EMAIL_REQUESTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void configMapsAndSecretsGiveEachServiceWhatItReadsAndNothingElse(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Set<String> databases = new TreeSet<>();
        databases.add(String.valueOf(at(one(objects, "Cluster", DB_CLUSTER), "spec.bootstrap.initdb.database")));
        all(objects, "Database").forEach(db -> {
            assertEquals(DB_CLUSTER, at(db, "spec.cluster.name"));
            databases.add(String.valueOf(at(db, "spec.name")));
        });
        Set<String> external = new TreeSet<>();
        for (Project.Service s : Project.services()) {
            String m = s.module();
            Map<String, Object> d = one(objects, "Deployment", m);
            List<String> refs = new ArrayList<>();
            list(container(d).get("envFrom"), "envFrom").forEach(f -> {
                Object cm = at(f, "configMapRef.name");
                refs.add(String.valueOf(cm != null ? cm : at(f, "secretRef.name")));
            });
            assertEquals(List.of(m + "-config", m + "-config-creds"), refs, m + " envFrom");
            Set<String> fromOutside = new TreeSet<>();
            Map<String, String> env = environment(objects, d, fromOutside);
            external.addAll(fromOutside);
            for (String name : env.keySet()) {
                assertTrue(s.understands(name), m + " reads nothing from " + name);
            }
            assertEquals(String.valueOf(s.port()), env.get("SERVICE_PORT"), m);
            assertEquals(DB_CLUSTER + "-rw", env.get("PG_HOST"), m);
            assertEquals("5432", env.get("PG_PORT"), m);
            assertEquals(s.database(), env.get("PG_DATABASE"), m);
            assertTrue(databases.contains(s.database()), "no database " + s.database() + " in the cluster");
            assertEquals(KAFKA + "-kafka-bootstrap:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"), m);
            for (String called : s.calledServices()) {
                Project.Service target = Project.Service.of(Project.moduleOf(called));
                String url = env.get("SLIDESCORE_" + called.toUpperCase() + "_URL");
                assertEquals("http://" + target.module() + ":" + target.port(), url, m + " calls " + called);
            }
            if (overlay.equals("dev")) {
                assertTrue(fromOutside.isEmpty(), m + ": dev has every Secret in its manifests");
                assertNotNull(env.get("PG_USER"), m);
                assertNotNull(env.get("PG_PASSWORD"), m);
            }
            // secrets the code needs in every environment
            if (m.equals("tile-service") && overlay.equals("dev")) {
                assertTrue(env.get("SLIDESCORE_TILE_TOKEN_SECRET").length() >= 32, "replicas share one tile-link secret");
            }
            if (m.equals("gateway")) {
                assertEquals("false", env.get("SLIDESCORE_GATEWAY_GENERATE_KEYS"), "the key pair is mounted, never generated");
                assertEquals("true", env.get("SLIDESCORE_GATEWAY_TRUST_FORWARDED_HEADERS"),
                        "behind the ingress, the client address comes from X-Forwarded-For");
            }
            checkVolumes(objects, s, d, env);
        }
        if (overlay.equals("prod")) {
            Set<String> expected = new TreeSet<>();
            Project.MODULES.forEach(m -> expected.add(m + "-config-creds"));
            assertEquals(expected, external, "production expects exactly the per-service creds Secrets from outside");
            assertTrue(all(objects, "Secret").isEmpty(), "no Secret values in the production manifests");
        } else {
            Map<String, Object> owner = one(objects, "Secret", "slidescore-db-owner");
            for (Project.Service s : Project.services()) {
                Map<String, Object> creds = map(at(one(objects, "Secret", s.module() + "-config-creds"), "stringData"), "creds");
                assertEquals(at(owner, "stringData.username"), creds.get("PG_USER"), s.module());
                assertEquals(at(owner, "stringData.password"), creds.get("PG_PASSWORD"), s.module());
            }
        }
        assertEquals("slidescore-db-owner", at(one(objects, "Cluster", DB_CLUSTER), "spec.bootstrap.initdb.secret.name"));
        Set<String> needed = new TreeSet<>();
        Project.services().forEach(s -> needed.add(s.database()));
        assertEquals(needed, databases, "one database per service");
    }

    /** The key pair and the images root are mounted where the configuration says. */
    static void checkVolumes(List<Map<String, Object>> objects, Project.Service s, Map<String, Object> d,
                             Map<String, String> env) {
        String m = s.module();
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        list(podSpec(d).get("volumes"), m + " volumes").forEach(v -> volumes.put(String.valueOf(at(v, "name")), map(v, "volume")));
        Map<String, Map<String, Object>> mounts = new LinkedHashMap<>();
        list(container(d).get("volumeMounts"), m + " mounts").forEach(v -> mounts.put(String.valueOf(at(v, "mountPath")), map(v, "mount")));

        List<String> files = new ArrayList<>(List.of(env.get("SLIDESCORE_JWT_PUBLIC_KEY_LOCATION")));
        if (m.equals("gateway")) {
            files.add(env.get("SLIDESCORE_JWT_PRIVATE_KEY_LOCATION"));
        }
        for (String file : files) {
            assertNotNull(file, m + " key location");
            String dir = file.substring(0, file.lastIndexOf('/'));
            String key = file.substring(file.lastIndexOf('/') + 1);
            Map<String, Object> mount = mounts.get(dir);
            assertNotNull(mount, m + ": nothing mounted at " + dir);
            Map<String, Object> volume = volumes.get(String.valueOf(mount.get("name")));
            assertEquals("slidescore-jwt", at(volume, "secret.secretName"), m + " " + file);
            Object items = at(volume, "secret.items");
            if (items != null) {
                assertTrue(list(items, "items").stream().anyMatch(i -> key.equals(at(i, "path"))), m + " " + key);
                if (!m.equals("gateway")) {
                    assertTrue(list(items, "items").stream().noneMatch(i -> "jwt-private.pem".equals(at(i, "key"))),
                            "only the gateway sees the private key");
                }
            } else {
                assertEquals("gateway", m, m + " must not see the private key (use items)");
            }
        }

        List<Map<String, Object>> imageMounts = new ArrayList<>();
        mounts.values().forEach(mt -> {
            Object claim = at(volumes.get(String.valueOf(mt.get("name"))), "persistentVolumeClaim.claimName");
            if ("slidescore-images".equals(claim)) {
                imageMounts.add(mt);
            }
        });
        if (s.usesImagesRoot()) {
            assertEquals(1, imageMounts.size(), m + " mounts the images root");
            assertEquals(env.get("SLIDESCORE_IMAGES_ROOT"), imageMounts.get(0).get("mountPath"), m);
            assertEquals(!m.equals("upload-service"), imageMounts.get(0).get("readOnly"), m + " readOnly");
            Map<String, Object> pvc = one(objects, "PersistentVolumeClaim", "slidescore-images");
            assertEquals(List.of("ReadWriteMany"), at(pvc, "spec.accessModes"));
        } else {
            assertTrue(imageMounts.isEmpty(), m + " must not mount the images root");
            assertFalse(env.containsKey("SLIDESCORE_IMAGES_ROOT"), m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicTheServicesUseExistsWithItsPartitionsPolicyAndDlq(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, Object> kafka = one(objects, "Kafka", KAFKA);
        assertTrue(list(at(kafka, "spec.kafka.listeners"), "listeners").stream().anyMatch(l ->
                Integer.valueOf(9092).equals(at(l, "port")) && Boolean.FALSE.equals(at(l, "tls"))), "plain listener 9092");
        Map<String, Object> brokerConfig = map(at(kafka, "spec.kafka.config"), "config");
        assertEquals(Boolean.FALSE, brokerConfig.get("auto.create.topics.enable"), "topics come from KafkaTopic only");
        assertNotNull(at(kafka, "spec.entityOperator.topicOperator"), "KafkaTopic resources need the topic operator");
        Map<String, Object> pool = all(objects, "KafkaNodePool").get(0);
        assertEquals(KAFKA, map(at(pool, "metadata.labels"), "labels").get("strimzi.io/cluster"));
        assertTrue(list(at(pool, "spec.roles"), "roles").containsAll(List.of("controller", "broker")), "KRaft");
        int replicas = (Integer) at(pool, "spec.replicas");
        Object rf = brokerConfig.get("default.replication.factor");
        assertTrue((Integer) rf <= replicas, "replication factor " + rf + " with " + replicas + " nodes");

        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        for (Map<String, Object> t : all(objects, "KafkaTopic")) {
            assertEquals(KAFKA, map(at(t, "metadata.labels"), "labels").get("strimzi.io/cluster"), Kustomize.name(t));
            topics.put(String.valueOf(at(t, "spec.topicName")), t);
        }
        Set<String> expected = new TreeSet<>();
        for (String t : Topics.ALL) {
            expected.add(t);
            expected.add(Topics.dlq(t));
        }
        assertEquals(expected, new TreeSet<>(topics.keySet()), "Topics.ALL and their DLQs");
        Project.topicsFile().forEach((name, f) -> {
            Map<String, Object> t = topics.get(name);
            assertEquals(Integer.parseInt(f[0]), at(t, "spec.partitions"), name + " partitions as in topics.txt");
            assertEquals(Topics.COMPACTED.contains(name) ? "compact" : "delete",
                    map(at(t, "spec.config"), "config").get("cleanup.policy"), name);
            assertEquals("delete", map(at(topics.get(Topics.dlq(name)), "spec.config"), "config").get("cleanup.policy"));
            Project.topicSettings(f).forEach((key, value) -> {
                assertEquals(value, String.valueOf(map(at(t, "spec.config"), "config").get(key)), name + " " + key);
                assertEquals(value, String.valueOf(map(at(topics.get(Topics.dlq(name)), "spec.config"), "config")
                        .get(key)), Topics.dlq(name) + " " + key);
            });
        });
        for (Project.Service s : Project.services()) {
            for (String t : s.topics()) {
                assertTrue(topics.containsKey(t), s.module() + " uses " + t + ", which has no KafkaTopic");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void ingressSendsTilesStraightToTileServiceAndStreamsUploads(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, String> backends = new LinkedHashMap<>();
        Map<String, Map<String, Object>> ingressOfPath = new LinkedHashMap<>();
        for (Map<String, Object> ing : all(objects, "Ingress")) {
            for (Object rule : list(at(ing, "spec.rules"), "rules")) {
                assertNotNull(at(rule, "host"));
                for (Object p : list(at(rule, "http.paths"), "paths")) {
                    String path = String.valueOf(at(p, "path"));
                    String service = String.valueOf(at(p, "backend.service.name"));
                    Object port = at(p, "backend.service.port.number");
                    Map<String, Object> svc = one(objects, "Service", service);
                    assertEquals(at(map(list(at(svc, "spec.ports"), "ports").get(0), "port"), "port"), port, path);
                    backends.put(path, service);
                    ingressOfPath.put(path, ing);
                }
            }
            if (overlay.equals("prod")) {
                assertNotNull(at(ing, "spec.tls"), Kustomize.name(ing) + " has TLS in production");
            }
        }
        assertEquals("tile-service", backends.get("/i/"));
        assertEquals("gateway", backends.get("/"));
        assertEquals("gateway", backends.get("/files"));
        Map<String, Object> files = map(at(ingressOfPath.get("/files"), "metadata.annotations"), "annotations");
        assertEquals("off", files.get("nginx.ingress.kubernetes.io/proxy-request-buffering"));
        assertEquals("0", files.get("nginx.ingress.kubernetes.io/proxy-body-size"), "tus bodies are unbounded here");
        Map<String, Object> main = map(at(ingressOfPath.get("/"), "metadata.annotations"), "annotations");
        assertFalse("off".equals(main.get("nginx.ingress.kubernetes.io/proxy-request-buffering")));
    }

    @Test
    void rendererMergesLikeKustomize() {
        // a named-list merge keeps the base's other fields and entries; other lists are replaced
        Map<String, Object> base = new LinkedHashMap<>(Map.of("spec", new LinkedHashMap<>(Map.of(
                "containers", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", "a", "image", "x")))),
                "args", new ArrayList<>(List.of("1", "2"))))));
        Kustomize.merge(base, Map.of("spec", Map.of("containers", List.of(Map.of("name", "a", "image", "y"),
                Map.of("name", "b")), "args", List.of("3"))));
        assertEquals(List.of(Map.of("name", "a", "image", "y"), Map.of("name", "b")), at(base, "spec.containers"));
        assertEquals(List.of("3"), at(base, "spec.args"));
        Path dev = Project.root().resolve("deploy/k8s/overlays/dev");
        assertEquals(1, (Integer) at(one(Kustomize.build(dev), "Cluster", DB_CLUSTER), "spec.instances"),
                "the dev patch applied over the base's 3 instances");
    }
}
