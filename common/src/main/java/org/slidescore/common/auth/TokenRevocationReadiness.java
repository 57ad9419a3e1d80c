package org.slidescore.common.auth;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.slidescore.events.Topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Readiness check {@code token-revocations-caught-up}: after a start (or restart) the instance is ready only once
 * {@link TokenRevocationListener} has read {@code slidescore.gateway.token-revoked.v1} up to the end offsets its
 * partitions had when the instance started; before that, a token revoked earlier would still be accepted.
 *
 * <p>At start a background thread looks up the topic's partitions and their earliest and end offsets with a Kafka
 * {@link Admin} client configured like every other client of the service (the {@code kafka.*} keys; the channel's own
 * {@code bootstrap.servers} if it has one), retrying while the broker cannot be reached. A topic that does not exist
 * and partitions that were empty count as read. The check never keeps the instance unready for more than
 * {@code slidescore.token-revocations.readiness-patience} (60 s) after the start: then it reports UP and logs a
 * warning, so that a broker outage does not take every service out of rotation for good (Kafka's own health check
 * reports the broker). With the channel switched off ({@code mp.messaging.incoming.token-revoked-in.enabled=false},
 * tests without a broker) it is UP at once.
 */
@Readiness
@ApplicationScoped
public class TokenRevocationReadiness implements HealthCheck {
    static final String NAME = "token-revocations-caught-up";
    private static final String CHANNEL = "mp.messaging.incoming.token-revoked-in.";

    private final RevocationCatchUp catchUp;
    private final Map<String, Object> kafkaConfig;
    private final Config config;
    private final Duration patience;
    private final String applicationName;
    private volatile long startedNanos = System.nanoTime();
    private volatile boolean enabled = true;
    private volatile boolean stopping;
    private volatile boolean gaveUpLogged;
    private volatile String lookupProblem;
    private String topic;

    public TokenRevocationReadiness(RevocationCatchUp catchUp,
                                    @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                    Config config,
                                    @ConfigProperty(name = "slidescore.token-revocations.readiness-patience",
                                            defaultValue = "PT60S") Duration patience,
                                    @ConfigProperty(name = "quarkus.application.name", defaultValue = "slidescore")
                                    String applicationName) {
        this.catchUp = catchUp;
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.patience = patience;
        this.applicationName = applicationName;
    }

    void onStart(@Observes StartupEvent event) {
        startedNanos = System.nanoTime();
        enabled = config.getOptionalValue(CHANNEL + "enabled", Boolean.class).orElse(true);
        if (!enabled) {
            return;
        }
        topic = config.getOptionalValue(CHANNEL + "topic", String.class).orElse(Topics.TOKEN_REVOKED);
        Thread t = new Thread(this::lookUpWithRetries, "token-revocations-start-offsets");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private boolean patienceOver() {
        return System.nanoTime() - startedNanos > patience.toNanos();
    }

    private void lookUpWithRetries() {
        long pause = 250;
        for (int attempt = 1; !stopping && !patienceOver(); attempt++) {
            try {
                lookUp();
                lookupProblem = null;
                Log.debugf("start offsets of %s: %s", topic, catchUp.isTopicAbsent() ? "topic absent" : catchUp.describe());
                return;
            } catch (Exception e) {
                lookupProblem = e.getMessage();
                Log.infof("end offsets of %s not looked up yet (attempt %d): %s", topic, attempt, e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(pause * 2, 5000);
            }
        }
    }

    Map<String, Object> adminProperties() {
        Map<String, Object> props = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        config.getOptionalValue(CHANNEL + "bootstrap.servers", String.class)
                .ifPresent(b -> props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, applicationName + "-revocations-readiness");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    private void lookUp() throws Exception {
        try (Admin admin = Admin.create(adminProperties())) {
            TopicDescription description;
            try {
                description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    catchUp.topicAbsent();
                    return;
                }
                throw e;
            }
            List<TopicPartition> partitions = description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<Integer, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            Map<Integer, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
            catchUp.startOffsets(earliest, ends);
        }
    }

    private static Map<Integer, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        Map<Integer, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME);
        if (!enabled) {
            return b.up().withData("state", "revocation listener switched off").build();
        }
        b.withData("topic", topic);
        catchUp.describe().forEach(b::withData);
        if (catchUp.caughtUp()) {
            return b.up().withData("state", catchUp.isTopicAbsent() ? "topic absent at start, nothing to read"
                    : "read up to the end offsets of the start").build();
        }
        String state = catchUp.lookedUp() ? "reading the revocations published before the start"
                : "looking up the end offsets" + (lookupProblem == null ? "" : " (last attempt: " + lookupProblem + ")");
        if (patienceOver()) {
            if (!gaveUpLogged) {
                gaveUpLogged = true;
                Log.warnf("readiness no longer waits for the revocations of %s: not caught up %d s after the start "
                        + "(%s); tokens revoked before the start may be accepted until they are read", topic,
                        patience.toSeconds(), state);
            }
            return b.up().withData("state", "not caught up within " + patience + " of the start, not waiting any "
                    + "longer: " + state).build();
        }
        return b.down().withData("state", state).build();
    }
}
