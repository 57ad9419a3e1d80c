package org.slidescore.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slidescore.events.Topics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/compose/create-topics.sh (the compose file's kafka-topics service) run against stand-ins for Kafka's
 * kafka-topics.sh / kafka-configs.sh that record their arguments: every topic with its partitions, policy and settings,
 * and its DLQ, created idempotently.
 */
class CreateTopicsScriptTest {
    @TempDir
    Path dir;

    @Test
    void createsEveryTopicAndDlqWithPartitionsAndPolicy() throws Exception {
        Path log = dir.resolve("calls.log");
        for (String tool : List.of("kafka-topics.sh", "kafka-configs.sh")) {
            Path stub = dir.resolve(tool);
            Files.writeString(stub, "#!/usr/bin/env bash\necho \"" + tool + " $*\" >> '" + log + "'\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder("bash", Project.root().resolve("deploy/compose/create-topics.sh").toString())
                .redirectErrorStream(true);
        pb.environment().put("KAFKA_TOPICS", dir.resolve("kafka-topics.sh").toString());
        pb.environment().put("KAFKA_CONFIGS", dir.resolve("kafka-configs.sh").toString());
        pb.environment().put("TOPICS_FILE", Project.root().resolve("deploy/compose/topics.txt").toString());
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);

        Map<String, List<String>> created = new HashMap<>();
        List<String> altered = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            List<String> args = List.of(line.split(" "));
            assertTrue(line.contains("--bootstrap-server kafka:9092"), line);
            if (args.get(0).equals("kafka-topics.sh") && args.contains("--create")) {
                assertTrue(args.contains("--if-not-exists"), "a second run must not fail: " + line);
                created.put(args.get(args.indexOf("--topic") + 1), args);
            } else if (args.get(0).equals("kafka-configs.sh")) {
                altered.add(args.get(args.indexOf("--entity-name") + 1) + " " + args.get(args.indexOf("--add-config") + 1));
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        Topics.ALL.forEach(t -> {
            expected.add(t);
            expected.add(Topics.dlq(t));
        });
        assertEquals(expected, new TreeSet<>(created.keySet()));
        Project.topicsFile().forEach((name, f) -> {
            List<String> args = created.get(name);
            assertEquals(f[0], args.get(args.indexOf("--partitions") + 1), name);
            String policy = Topics.COMPACTED.contains(name) ? "compact" : "delete";
            assertTrue(args.contains("cleanup.policy=" + policy), name + ": " + args);
            assertTrue(altered.contains(name + " cleanup.policy=" + policy), "existing " + name + " gets its policy");
            List<String> dlq = created.get(Topics.dlq(name));
            assertEquals("1", dlq.get(dlq.indexOf("--partitions") + 1));
            assertTrue(dlq.contains("cleanup.policy=delete") && dlq.stream().anyMatch(a -> a.startsWith("retention.ms=")),
                    Topics.dlq(name) + ": " + dlq);
            // extra settings (e.g. max.message.bytes of study-changed) go to the topic and its DLQ, new or existing
            Project.topicSettings(f).forEach((key, value) -> {
                String setting = key + "=" + value;
                assertTrue(args.contains(setting), name + " created with " + setting + ": " + args);
                assertTrue(dlq.contains(setting), Topics.dlq(name) + " created with " + setting + ": " + dlq);
                assertTrue(altered.contains(name + " " + setting), "existing " + name + " gets " + setting);
                assertTrue(altered.contains(Topics.dlq(name) + " " + setting), "existing DLQ gets " + setting);
            });
        });
    }
}
