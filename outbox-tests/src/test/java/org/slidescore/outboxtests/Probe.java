package org.slidescore.outboxtests;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** What the probe tests do and look at: the probe's REST calls, its tables, and the topics through plain clients. */
final class Probe {
    static final String TOPIC = "slidescore.test.probe.v1";
    static final String DLQ = TOPIC + ".dlq";

    private final DataSource db;
    private final String bootstrap;

    Probe(DataSource db, String bootstrap) {
        this.db = db;
        this.bootstrap = bootstrap;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Commits a probe item and its event; returns the event id. */
    UUID create(String name, String key) {
        var request = given().queryParam("name", name);
        if (key != null) {
            request.queryParam("key", key);
        }
        String id = request.when().post("/probe/items")
                .then().statusCode(200).extract().asString();
        return UUID.fromString(id);
    }

    /** How many times the consumer applied an event for {@code name}. */
    int received(String name) {
        return count("SELECT count(*) FROM received_probe WHERE name = ?", name);
    }

    void awaitReceived(String name) {
        await().atMost(Duration.ofSeconds(60)).until(() -> received(name), is(1));
    }

    int processedRows(UUID eventId) {
        return count("SELECT count(*) FROM processed_event WHERE event_id = ?", eventId);
    }

    int probeItems(String name) {
        return count("SELECT count(*) FROM probe_item WHERE name = ?", name);
    }

    int outboxRows(String name) {
        return count("SELECT count(*) FROM outbox_event WHERE payload LIKE ?", "%\"" + name + "\"%");
    }

    /** The relay's bookkeeping of one outbox row, or null when there is none. */
    OutboxState outbox(UUID eventId) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT attempts, sent_at, failed_at, last_error FROM outbox_event WHERE event_id = ?")) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new OutboxState(rs.getInt(1), rs.getTimestamp(2), rs.getTimestamp(3),
                        rs.getString(4)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record OutboxState(int attempts, Timestamp sentAt, Timestamp failedAt, String lastError) {
    }

    int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int count(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends records straight to the broker, as a misbehaving or repeating producer would. */
    void produce(String topic, String key, String... values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, key, value)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Reads {@code topic} from the start (own group) until a record matches; returns everything read so far. */
    List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", unique("probe-reader"), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(wanted);
            });
        }
        return seen;
    }
}
