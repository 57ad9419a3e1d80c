package org.slidescore.study.messaging;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.ReimportCompleted;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Receives every {@code ReimportCompleted} reply on this replica, whichever replica's worker sent it, and completes
 * the matching waiting request.
 * <p>
 * Why not a consumer group: a group would share the reply partitions between replicas, so the replica waiting for a
 * reply might not see it. This consumer has no group at all: it {@code assign()}s every partition of the reply topic
 * and starts at the end, and it is {@linkplain #awaitReady ready} only once its positions are fixed, so no reply
 * sent after a request was registered can be missed. Offsets are never committed (replies are only of interest to a
 * waiting request in this process).
 */
@ApplicationScoped
public class ReimportReplies {
    private final String bootstrap;
    private final String topic;
    private final Map<String, CompletableFuture<ReimportCompleted>> pending = new ConcurrentHashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private Thread thread;

    public ReimportReplies(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                           @ConfigProperty(name = "slidescore.study.reimport-reply-topic") String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    void start(@Observes StartupEvent ev) {
        startReading();
    }

    void stop(@Observes ShutdownEvent ev) {
        stopReading();
    }

    /** Starts the reader thread (at startup; tests use it to run a second replica's reader in one JVM). */
    public synchronized void startReading() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "reimport-replies");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stopReading() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        pending.values().forEach(f -> f.cancel(false));
    }

    /** Waits until replies can be received; false when that did not happen within {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Registers interest in the reply to {@code requestId}; call before sending the request. */
    public CompletableFuture<ReimportCompleted> expect(String requestId) {
        CompletableFuture<ReimportCompleted> f = new CompletableFuture<>();
        pending.put(requestId, f);
        f.whenComplete((r, e) -> pending.remove(requestId));
        return f;
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Log.warnf("reimport reply consumer failed (%s); restarting in 1 s", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void consume() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "study-service-reimport-replies");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            consumer = c;
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && running) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(tp -> c.position(tp, Duration.ofSeconds(30)));
            ready.countDown();
            Log.infof("receiving Reimport replies from %s (%d partitions)", topic, partitions.size());
            while (running) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
                    deliver(r.value());
                }
            }
        } finally {
            consumer = null;
        }
    }

    void deliver(String json) {
        if (json == null || pending.isEmpty()) {
            return;
        }
        try {
            ReimportCompleted reply = EventEnvelope.fromJson(json).dataAs(ReimportCompleted.class);
            CompletableFuture<ReimportCompleted> f = pending.get(reply.requestId());
            if (f != null) {
                f.complete(reply);
            }
        } catch (RuntimeException e) {
            Log.warnf("ignored an unreadable Reimport reply: %s", e.getMessage());
        }
    }
}
