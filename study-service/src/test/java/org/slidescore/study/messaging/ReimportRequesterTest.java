package org.slidescore.study.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slidescore.common.wire.WireException;
import org.slidescore.events.EventEnvelope;
import org.slidescore.events.ReimportCompleted;
import org.slidescore.events.ReimportRequested;
import org.slidescore.testsupport.KafkaResource;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.JwtKeysResource;
import org.slidescore.study.support.ImagesRootResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API side of the request-reply against the real broker, without a worker: the bounded wait ends in a clear
 * error, a reply on the topic completes the matching request only, and a reader that never got ready refuses.
 * (A {@code @QuarkusTest} only to share the application's broker; the objects under test are made here.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "db", value = "study"))
@QuarkusTestResource(JwtKeysResource.class)
@QuarkusTestResource(ImagesRootResource.class)
class ReimportRequesterTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final List<ReimportReplies> readers = new CopyOnWriteArrayList<>();
    private final List<Message<String>> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        readers.forEach(ReimportReplies::stopReading);
    }

    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> emitter() {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MutinyEmitter.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendMessage")) {
                        sent.add((Message<String>) args[0]);
                        return Uni.createFrom().voidItem();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private ReimportReplies reader(String topic, boolean start) {
        ReimportReplies r = new ReimportReplies(bootstrap, topic);
        if (start) {
            r.startReading();
        }
        readers.add(r);
        return r;
    }

    private static ReimportRequested request(String study) {
        return new ReimportRequested(UUID.randomUUID().toString(), study, false, "t1", "token one");
    }

    @Test
    void noReplyWithinTheTimeoutIsAClearError() {
        String topic = "test.reimport-replies." + UUID.randomUUID();
        ReimportRequester requester = new ReimportRequester(emitter(), reader(topic, true), Duration.ofSeconds(3));
        ReimportRequested req = request("Slow");
        WireException e = assertThrows(WireException.class, () -> requester.request(req).await().indefinitely());
        assertEquals("Reimport of Slow did not answer within 3 s; it may still be running. Call Reimport again later "
                + "to see its result.", e.getMessage());
        assertEquals(1, sent.size());
        assertEquals("Slow", EventEnvelope.fromJson(sent.get(0).getPayload()).dataAs(ReimportRequested.class)
                .studyName());
    }

    @Test
    void theReplyWithTheSameRequestIdCompletesTheRequest() throws Exception {
        String topic = "test.reimport-replies." + UUID.randomUUID();
        ReimportReplies replies = reader(topic, true);
        assertTrue(replies.awaitReady(Duration.ofSeconds(30)));
        ReimportRequester requester = new ReimportRequester(emitter(), replies, Duration.ofSeconds(30));
        ReimportRequested req = request("Quick");
        var answer = requester.request(req).subscribeAsCompletionStage();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (var producer = new KafkaProducer<String, String>(p)) {
            // another request's reply first: it must not complete ours
            ReimportCompleted other = new ReimportCompleted(UUID.randomUUID().toString(), "Quick", false, null, "no");
            ReimportCompleted ours = new ReimportCompleted(req.requestId(), "Quick", true, 42L, "done\n");
            for (ReimportCompleted c : List.of(other, ours)) {
                producer.send(new ProducerRecord<>(topic, "Quick",
                        EventEnvelope.of("test", Map.of(), c).toJson())).get();
            }
        }
        ReimportCompleted done = answer.toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(42L, done.studyId());
        assertEquals("done\n", done.log());
    }

    @Test
    void aReaderThatNeverGotReadyRefuses() {
        ReimportRequester requester = new ReimportRequester(emitter(), reader("never-read", false),
                Duration.ofMillis(300));
        WireException e = assertThrows(WireException.class,
                () -> requester.request(request("Any")).await().indefinitely());
        assertEquals("Reimport is not available: the message broker cannot be reached", e.getMessage());
        assertTrue(sent.isEmpty());
    }
}
