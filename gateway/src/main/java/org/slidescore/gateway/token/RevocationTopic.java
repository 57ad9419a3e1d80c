package org.slidescore.gateway.token;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slidescore.events.Topics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure {@code slidescore.gateway.token-revoked.v1}, which the gateway owns, exists and is compacted (one
 * record per token id is all a new instance must read). A topic auto-created by a consumer's first metadata request
 * is not compacted, so an existing topic gets {@code cleanup.policy=compact} too. Creating it early also spares the
 * first revocation the consumers' wait for a topic that does not exist yet. Runs in the background with retries:
 * a broker that is down at start must not keep the gateway from starting. Once the topic is right it publishes the
 * warm-up record ({@link TokenService#publishWarmUp()}).
 */
@ApplicationScoped
public class RevocationTopic {
    static final String TOPIC = Topics.TOKEN_REVOKED;

    private final String bootstrap;
    private final int partitions;
    private final TokenService tokens;
    private volatile boolean stopping;
    private volatile boolean ready;
    private volatile UUID warmUp;

    public RevocationTopic(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                           @ConfigProperty(name = "slidescore.gateway.token-revoked-partitions", defaultValue = "1") int partitions,
                           TokenService tokens) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.tokens = tokens;
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::ensureWithRetries, "token-revoked-topic");
        t.setDaemon(true);
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Whether the topic was found or made compacted. */
    public boolean ready() {
        return ready;
    }

    /** The event id of this start's warm-up record once it is in the outbox, else null. */
    public UUID warmUpEventId() {
        return warmUp;
    }

    private void ensureWithRetries() {
        long pause = 1000;
        for (int attempt = 1; !stopping && attempt <= 60; attempt++) {
            try {
                ensure();
                ready = true;
                publishWarmUp();
                return;
            } catch (Exception e) {
                Log.warnf("topic %s not checked yet (attempt %d): %s", TOPIC, attempt, e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(pause * 2, 30_000);
            }
        }
    }

    /** After the topic is right (a producer's metadata request would auto-create it uncompacted). */
    private void publishWarmUp() {
        try {
            warmUp = VertxContextSupport.subscribeAndAwait(tokens::publishWarmUp);
        } catch (Throwable e) {
            Log.warnf("warm-up record for %s not published: %s", TOPIC, e.getMessage());
        }
    }

    private void ensure() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(partitions), Optional.empty())
                                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                            .all().get(10, TimeUnit.SECONDS);
                    Log.infof("created the compacted topic %s", TOPIC);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            String policy = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy)) {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                                new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                                AlterConfigOp.OpType.SET))))
                        .all().get(10, TimeUnit.SECONDS);
                Log.infof("topic %s had cleanup.policy=%s: set to compact", TOPIC, policy);
            }
        }
    }
}
