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
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
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

    /** A compression name Kafka knows, lower case; anything else stops the service at start. */
    static String compressionType(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        try {
            return CompressionType.forName(n).name;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("slidescore.outbox.relay.compression must be one of none, gzip, snappy, "
                    + "lz4, zstd; not '" + name + "'");
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.relay().enabled()) {
            return;
        }
        compressionType(config.relay().compression());
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
                config.relay().deliveryTimeout(), config.relay().compression(), config.maxPayloadBytes()),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Room on top of the largest payload for what else a record carries: the key (at most 1,024 characters), the trace
     * headers and Kafka's record and batch framing.
     */
    public static final int RECORD_OVERHEAD_BYTES = 64 * 1024;
    private static final int KAFKA_DEFAULT_MAX_REQUEST = 1024 * 1024;
    private static final long KAFKA_DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;

    /** As below, uncompressed, for payloads up to the default {@code max-payload-bytes}. */
    static Map<String, Object> producerProperties(Map<String, Object> shared, String clientId, Duration deliveryTimeout) {
        return producerProperties(shared, clientId, deliveryTimeout, "none", 900_000);
    }

    /**
     * The shared {@code kafka.*} settings a producer understands, plus what the relay's guarantees need: the
     * compression, and limits that let through every payload {@link Outbox#publish} accepted. Kafka's producer checks
     * {@code max.request.size} and {@code buffer.memory} against the uncompressed record, the broker its limit against
     * the compressed batch.
     */
    static Map<String, Object> producerProperties(Map<String, Object> shared, String clientId, Duration deliveryTimeout,
                                                  String compression, int maxPayloadBytes) {
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
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionType(compression));
        int maxRequest = (int) Math.min(Integer.MAX_VALUE,
                Math.max(KAFKA_DEFAULT_MAX_REQUEST, (long) maxPayloadBytes + RECORD_OVERHEAD_BYTES));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequest);
        // reserved as records are appended, not allocated up front; one record of max.request.size must fit
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(KAFKA_DEFAULT_BUFFER_MEMORY, 2L * maxRequest));
        return props;
    }
}
