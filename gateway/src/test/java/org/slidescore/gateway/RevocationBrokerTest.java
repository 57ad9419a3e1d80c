package org.slidescore.gateway;

import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slidescore.common.auth.RevokedTokens;
import org.slidescore.common.auth.TokenRevocationListener;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.Topics;
import org.slidescore.events.TokenRevoked;
import org.slidescore.testsupport.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Revocation through the real broker: the gateway publishes it (outbox → Kafka) and learns others' from Kafka. */
@QuarkusTest
@GatewayTest
class RevocationBrokerTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RevokedTokens revoked;

    @Test
    void givingUpATokenPublishesTokenRevokedKeyedByItsId() {
        TestTokens.Builder b = TestTokens.builder().allRights();
        String jwt = b.sign();
        given().header("Authorization", TestTokens.bearer(jwt)).when().post("/Api/GiveUpToken")
                .then().statusCode(200).body(equalTo("{}"));

        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "revocation-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.TOKEN_REVOKED));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (b.id().equals(r.key())) {
                        found.set(r);
                    }
                }
                return found.get() != null;
            });
        }
        EventEnvelope envelope = EventEnvelope.fromJson(found.get().value());
        assertEquals("gateway", envelope.producer());
        TokenRevoked event = envelope.dataAs(TokenRevoked.class);
        assertEquals(b.id(), event.tokenId());
        assertEquals("given up", event.reason());
    }

    @Test
    void atStartTheGatewayPublishesTheWarmUpRecordThatServicesSkip() {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "warm-up-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.TOKEN_REVOKED));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (TokenRevocationListener.WARM_UP_ID.equals(r.key())) {
                        found.set(r);
                    }
                }
                return found.get() != null;
            });
        }
        EventEnvelope envelope = EventEnvelope.fromJson(found.get().value());
        assertEquals("gateway", envelope.producer());
        TokenRevoked event = envelope.dataAs(TokenRevoked.class);
        assertEquals(TokenRevocationListener.WARM_UP_ID, event.tokenId());
        assertEquals(event.revokedAt(), event.expiresAt(), "born expired");

        // a revocation written after it (same partition) is read after it: by then the gateway's own listener has
        // read the warm-up record and must not have taken it for a token
        String later = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.TOKEN_REVOKED, later, EventEnvelope.of("another-gateway",
                    Map.of("tokenId", later), new TokenRevoked(later, Instant.now(), Instant.now().plusSeconds(3600),
                            "revoked elsewhere")).toJson())).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> revoked.isRevoked(later));
        assertFalse(revoked.isRevoked(TokenRevocationListener.WARM_UP_ID));
    }

    @Test
    void theGatewayIsReadyOnceItsWarmUpRecordCameBackThroughTheBroker() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'token-revocations' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'token-revocations' }.data.warm-up",
                        equalTo("published and read back")));
    }

    @Test
    void theRevocationTopicIsCompacted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TOKEN_REVOKED);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals("compact",
                    admin.describeConfigs(List.of(topic)).all().get().get(topic).get("cleanup.policy").value()));
        }
    }

    @Test
    void aRevocationPublishedElsewhereIsHonouredByTheGateway() throws Exception {
        TestTokens.Builder b = TestTokens.builder().allRights();
        String jwt = b.sign();
        given().header("Authorization", TestTokens.bearer(jwt)).when().get("/Api/Studies").then().statusCode(200);

        EventEnvelope envelope = EventEnvelope.of("another-gateway", Map.of("tokenId", b.id()),
                new TokenRevoked(b.id(), Instant.now(), Instant.now().plusSeconds(3600), "revoked elsewhere"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.TOKEN_REVOKED, b.id(), envelope.toJson())).get();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().header("Authorization", TestTokens.bearer(jwt)).when().get("/Api/Studies")
                        .then().statusCode(401).body(equalTo("token revoked")));
    }
}
