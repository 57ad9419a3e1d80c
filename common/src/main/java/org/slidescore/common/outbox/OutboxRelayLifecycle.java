package org.slidescore.common.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the {@link OutboxRelay} when the service starts (unless {@code slidescore.outbox.relay.enabled=false}) and
 * stops it on shutdown. The relay uses the service's JDBC datasource (the one Flyway uses; it keeps one connection)
 * and a plain Kafka producer configured from the {@code kafka.*} properties (so {@code kafka.bootstrap.servers} and
 * any security settings apply), with {@code acks=all} and idempotence forced on.
 */
@ApplicationScoped
public class OutboxRelayLifecycle {
    private final OutboxConfig config;
    private final DataSource dataSource;
    private final Map<String, Object> kafkaConfig;
    private final String applicationName;
    private final OutboxMetrics metrics;
    private OutboxRelay relay;

    public OutboxRelayLifecycle(OutboxConfig config, DataSource dataSource,
                                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                @ConfigProperty(name = "quarkus.application.name", defaultValue = "slidescore")
                                String applicationName, Instance<MeterRegistry> registry) {
        this.config = config;
        this.dataSource = dataSource;
        this.kafkaConfig = kafkaConfig;
        this.applicationName = applicationName;
        this.metrics = registry.isResolvable()
                ? new MicrometerOutboxMetrics(registry.get(), config.relay().metricsInterval())
                : OutboxMetrics.NONE;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.relay().enabled()) {
            return;
        }
        relay = new OutboxRelay(applicationName + "-outbox-relay", dataSource, this::newProducer,
                OutboxRelay.Settings.of(config.relay()), metrics);
        relay.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (relay != null) {
            relay.stop(Duration.ofSeconds(10));
            relay = null;
        }
    }

    /** A new relay with this service's datasource, Kafka settings and the given tuning (tests run a second one). */
    public OutboxRelay newRelay(String name, OutboxRelay.Settings settings) {
        return new OutboxRelay(name, dataSource, this::newProducer, settings, metrics);
    }

    Producer<String, String> newProducer() {
        return new KafkaProducer<>(producerProperties(kafkaConfig, applicationName + "-outbox",
                config.relay().deliveryTimeout()), new StringSerializer(), new StringSerializer());
    }

    /** The shared {@code kafka.*} settings a producer understands, plus what the relay's guarantees need. */
    static Map<String, Object> producerProperties(Map<String, Object> shared, String clientId, Duration deliveryTimeout) {
        Map<String, Object> props = new HashMap<>();
        shared.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        long delivery = Math.max(2000, deliveryTimeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, delivery / 2));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // metadata wait inside send() when the broker is away; bounded like a delivery
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }
}
