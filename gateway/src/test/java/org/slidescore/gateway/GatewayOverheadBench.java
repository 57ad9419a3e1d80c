package org.slidescore.gateway;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.slidescore.events.Topics;
import org.slidescore.testsupport.TestTokens;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Not a test (surefire does not pick up {@code *Bench}): measures what the gateway adds per request. Run with
 * {@code mvn -B -pl gateway verify -Dtest=GatewayOverheadBench -Dsurefire.failIfNoSpecifiedTests=false}; the report
 * goes to {@code gateway/target/benchmarks/gateway-overhead.md} and stdout.
 * <p>
 * 10,000 small sequential requests (GET, form body {@code studyid=3}, bearer token, keep-alive HTTP/1.1) to the
 * {@link Downstream} server directly and through the gateway, in alternating blocks of 500 so that drift of a shared
 * machine hits both alike, after 2,000 warm-up requests each. Also: how long after {@code GiveUpToken} answers the
 * {@code TokenRevoked} record can be read from the broker (outbox → relay → Kafka → a consumer).
 */
@QuarkusTest
@GatewayTest
class GatewayOverheadBench {
    private static final int WARMUP = 2_000;
    private static final int REQUESTS = 10_000;
    private static final int BLOCK = 500;
    private static final int REVOCATIONS = 20;

    @TestHTTPResource("/")
    URL gateway;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void measure() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String bearer = TestTokens.bearer(TestTokens.all());
        URI viaGateway = URI.create(gateway + "Api/Studies");
        URI direct = URI.create("http://127.0.0.1:" + Downstream.port + "/Api/Studies");
        for (int i = 0; i < WARMUP; i++) {
            call(http, direct, bearer);
            call(http, viaGateway, bearer);
        }
        long[] d = new long[REQUESTS];
        long[] g = new long[REQUESTS];
        for (int done = 0; done < REQUESTS; done += BLOCK) {
            for (int i = done; i < done + BLOCK; i++) {
                d[i] = call(http, direct, bearer);
            }
            for (int i = done; i < done + BLOCK; i++) {
                g[i] = call(http, viaGateway, bearer);
            }
        }
        long[] revocation = revocationLatencies(http);

        Arrays.sort(d);
        Arrays.sort(g);
        Arrays.sort(revocation);
        String report = String.join("\n",
                "| path | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |",
                "| --- | --- | --- | --- | --- |",
                row("direct to the service", d),
                row("through the gateway", g),
                String.format("| added by the gateway | %.3f | %.3f | %.3f | |", ms(pct(g, 50) - pct(d, 50)),
                        ms(pct(g, 90) - pct(d, 90)), ms(pct(g, 99) - pct(d, 99))),
                "",
                String.format("Revocation: GiveUpToken answered → TokenRevoked readable from the broker, %d tokens: "
                        + "p50 %.1f ms, max %.1f ms.", REVOCATIONS, ms(pct(revocation, 50)),
                        ms(revocation[revocation.length - 1])),
                "");
        System.out.println("\n=== Gateway overhead (" + REQUESTS + " sequential requests each) ===\n" + report);
        Path out = Path.of("target/benchmarks/gateway-overhead.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static long call(HttpClient http, URI uri, String bearer) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(uri).header("Authorization", bearer).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method("GET", HttpRequest.BodyPublishers.ofString("studyid=3")).build();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> resp = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        long t = System.nanoTime() - t0;
        if (resp.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + resp.statusCode());
        }
        return t;
    }

    private long[] revocationLatencies(HttpClient http) throws Exception {
        long[] out = new long[REVOCATIONS];
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TOKEN_REVOKED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            for (int i = 0; i < REVOCATIONS; i++) {
                TestTokens.Builder b = TestTokens.builder();
                HttpRequest giveUp = HttpRequest.newBuilder(URI.create(gateway + "Api/GiveUpToken"))
                        .header("Authorization", TestTokens.bearer(b.sign()))
                        .POST(HttpRequest.BodyPublishers.noBody()).build();
                HttpResponse<String> r = http.send(giveUp, HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GiveUpToken answered " + r.statusCode());
                }
                long deadline = answered + Duration.ofSeconds(30).toNanos();
                boolean seen = false;
                while (!seen && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(5))) {
                        seen |= b.id().equals(rec.key());
                    }
                }
                if (!seen) {
                    throw new IllegalStateException("no TokenRevoked record within 30 s");
                }
                out[i] = System.nanoTime() - answered;
            }
        }
        return out;
    }

    private static String row(String label, long[] sorted) {
        return String.format("| %s | %.3f | %.3f | %.3f | %.3f |", label, ms(pct(sorted, 50)), ms(pct(sorted, 90)),
                ms(pct(sorted, 99)), ms(sorted[sorted.length - 1]));
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
