package org.slidescore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.Map;

/**
 * An in-JVM KRaft broker (combined mode, one node) that a test can stop and start again: {@link #stopBroker()} shuts
 * the broker down (its port closes, clients see it gone), {@link #startBroker()} starts it again on the same port and
 * the same data directory, so topics, records and committed offsets survive. Use it instead of {@link KafkaResource}
 * for tests about broker outages. It always starts its own broker (it ignores {@code KAFKA_BOOTSTRAP_SERVERS} and
 * Docker), because the test must be able to stop it; one per test JVM, stopped with the JVM.
 */
public class RestartableKafkaResource implements QuarkusTestResourceLifecycleManager {
    private static KafkaClusterTestKit cluster;
    private static String bootstrap;
    private static boolean running;

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    /** Starts the broker once per JVM and returns its bootstrap address (the same after every restart). */
    public static synchronized String bootstrapServers() {
        if (bootstrap != null) {
            return bootstrap;
        }
        try {
            KafkaResource.keepBrokerFromEndingTheJvm();
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    // a restarted broker re-registers with the controller within ~0.2 s instead of ~6 s
                    .setConfigProp("broker.heartbeat.interval.ms", "500")
                    .setConfigProp("broker.session.timeout.ms", "3000")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the restartable in-JVM Kafka broker", e);
        }
        bootstrap = cluster.bootstrapServers();
        running = true;
        Runtime.getRuntime().addShutdownHook(new Thread(RestartableKafkaResource::shutdown, "kafka-restartable-stop"));
        return bootstrap;
    }

    /** Shuts the broker down (the controller keeps running); returns when its port is closed. */
    public static synchronized void stopBroker() {
        requireStarted();
        if (running) {
            cluster.brokers().values().forEach(BrokerServer::shutdown);
            running = false;
        }
    }

    /** Starts the broker again on the same port and data directory; returns when it is ready for clients. */
    public static synchronized void startBroker() {
        requireStarted();
        if (!running) {
            cluster.brokers().values().forEach(BrokerServer::startup);
            try {
                cluster.waitForReadyBrokers();
            } catch (Exception e) {
                throw new IllegalStateException("the restarted Kafka broker did not become ready", e);
            }
            running = true;
        }
    }

    public static synchronized boolean brokerRunning() {
        return running;
    }

    private static void requireStarted() {
        if (cluster == null) {
            throw new IllegalStateException("RestartableKafkaResource has not started a broker");
        }
    }

    private static synchronized void shutdown() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Throwable ignored) {
            // the JVM is going away
        }
        cluster = null;
        bootstrap = null;
    }

    @Override
    public void stop() {
        // The broker serves every Quarkus application started in this JVM; it stops with the JVM.
    }
}
