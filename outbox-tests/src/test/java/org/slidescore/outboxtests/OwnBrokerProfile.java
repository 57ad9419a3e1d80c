package org.slidescore.outboxtests;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.slidescore.testsupport.PostgresResource;
import org.slidescore.testsupport.RestartableKafkaResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test profile whose application starts against a broker and an {@code outbox_probe} database of its own, without
 * the global test resources: for the readiness tests, which must watch a start from its beginning. Subclasses give
 * their config overrides and may add resources ({@link #moreResources()}).
 */
public abstract class OwnBrokerProfile implements QuarkusTestProfile {
    /** Resources started after the broker and the database (they may use both). */
    protected List<TestResourceEntry> moreResources() {
        return List.of();
    }

    @Override
    public final List<TestResourceEntry> testResources() {
        List<TestResourceEntry> all = new ArrayList<>(List.of(new TestResourceEntry(RestartableKafkaResource.class),
                new TestResourceEntry(PostgresResource.class, Map.of("db", "outbox_probe"))));
        all.addAll(moreResources());
        return all;
    }

    @Override
    public final boolean disableGlobalTestResources() {
        return true;
    }
}
