package org.slidescore.outboxtests;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slidescore.common.auth.TokenRevocationListener;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.TokenRevoked;
import org.slidescore.testsupport.RestartableKafkaResource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Publishes {@link #COUNT} revocations (and a gateway warm-up record and a tombstone, last) to a topic of
 * {@link #PARTITIONS} partitions before the application starts: partitions 0 and 1 get records, partition 2 stays
 * empty. The application's revocation channel reads that topic ({@link #TOPIC}).
 */
public class RevocationsBeforeStart implements QuarkusTestResourceLifecycleManager {
    static final String TOPIC = "slidescore.test.token-revoked-before-start.v1";
    static final int PARTITIONS = 3;
    static final int COUNT = 5000;

    /** The token id of revocation {@code i} (deterministic, so the test knows them without sharing state). */
    static String tokenId(int i) {
        return UUID.nameUUIDFromBytes(("revoked-before-start-" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String record(String tokenId) {
        Instant now = Instant.now();
        return EventEnvelope.of("gateway", Map.of("tokenId", tokenId),
                new TokenRevoked(tokenId, now, now.plusSeconds(3600), "revoked before the start")).toJson();
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = RestartableKafkaResource.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < COUNT; i++) {
                    String id = tokenId(i);
                    producer.send(new ProducerRecord<>(TOPIC, i % 2, id, record(id)));
                }
                producer.send(new ProducerRecord<>(TOPIC, 0, TokenRevocationListener.WARM_UP_ID,
                        record(TokenRevocationListener.WARM_UP_ID)));
                // a tombstone is the last record of partition 1: its offset must count as consumed too
                producer.send(new ProducerRecord<>(TOPIC, 1, "some-forgotten-token", null)).get(30, TimeUnit.SECONDS);
                producer.flush();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the revocations before the start", e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // the broker stops with the JVM
    }
}
