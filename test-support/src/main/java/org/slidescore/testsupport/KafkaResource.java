package org.slidescore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.Map;

/**
 * A real Kafka broker for tests: {@code KAFKA_BOOTSTRAP_SERVERS} when set; else Testcontainers when Docker is up;
 * else an in-JVM KRaft broker (one per test JVM, random port, temporary data).
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {
    private static KafkaClusterTestKit cluster;
    private static AutoCloseable container;
    private static String bootstrap;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    /** Starts the broker once per JVM and returns its bootstrap address. */
    public static synchronized String bootstrapServers() {
        if (bootstrap != null) {
            return bootstrap;
        }
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            bootstrap = external;
        } else if (Docker.available()) {
            var kafka = new org.testcontainers.kafka.KafkaContainer("apache/kafka-native:4.1.2");
            kafka.start();
            container = kafka;
            bootstrap = kafka.getBootstrapServers();
        } else {
            try {
                keepBrokerFromEndingTheJvm();
                cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "true")
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                bootstrap = cluster.bootstrapServers();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaResource::shutdown, "kafka-test-broker-stop"));
        }
        return bootstrap;
    }

    /**
     * A broker that meets a fatal fault (for example while the JVM shuts down under heavy load) calls Kafka's
     * {@code Exit.halt}, which would end the test JVM with a non-zero code after every test has passed, and Surefire
     * reports that as a failed fork. In a test JVM the fault is logged instead; the tests still see the broker fail.
     */
    static void keepBrokerFromEndingTheJvm() {
        org.apache.kafka.common.utils.Exit.setHaltProcedure((code, message) ->
                System.err.println("in-JVM Kafka broker asked to halt with " + code + ": " + message));
        org.apache.kafka.common.utils.Exit.setExitProcedure((code, message) ->
                System.err.println("in-JVM Kafka broker asked to exit with " + code + ": " + message));
    }

    private static synchronized void shutdown() {
        try {
            if (cluster != null) {
                cluster.close();
            }
            if (container != null) {
                container.close();
            }
        } catch (Throwable ignored) {
            // the JVM is going away
        }
        cluster = null;
        container = null;
        bootstrap = null;
    }

    @Override
    public void stop() {
        // One broker serves every Quarkus application started in this JVM; it stops with the JVM.
    }
}
