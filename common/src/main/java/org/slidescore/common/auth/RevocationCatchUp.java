package org.slidescore.common.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far {@link TokenRevocationListener} has read {@code slidescore.gateway.token-revoked.v1}, compared with the
 * topic as it was when this instance started ({@link TokenRevocationReadiness} looks that up). A partition is caught
 * up once the listener has handled the record just before the partition's end offset at the start, or when the
 * partition held no record then (earliest offset = end offset); a topic that did not exist is caught up too.
 * Every record counts, the gateway's warm-up record, tombstones and unreadable ones included.
 */
@ApplicationScoped
public class RevocationCatchUp {
    /** Consumed position per partition: offset of the last record handled + 1. */
    private final Map<Integer, Long> consumed = new ConcurrentHashMap<>();
    private volatile Map<Integer, Long> startEnds;
    private volatile Map<Integer, Long> startEarliest;
    private volatile boolean topicAbsent;

    /** The listener handled the record at {@code offset} of {@code partition}. */
    public void consumed(int partition, long offset) {
        consumed.merge(partition, offset + 1, Math::max);
    }

    /** The topic's partitions at the start: earliest and end offsets (same keys). */
    public void startOffsets(Map<Integer, Long> earliest, Map<Integer, Long> ends) {
        this.startEarliest = Map.copyOf(earliest);
        this.startEnds = Map.copyOf(ends);
    }

    /** The topic did not exist at the start: nothing to read. */
    public void topicAbsent() {
        this.topicAbsent = true;
    }

    public boolean lookedUp() {
        return topicAbsent || startEnds != null;
    }

    public boolean isTopicAbsent() {
        return topicAbsent;
    }

    public boolean caughtUp() {
        if (topicAbsent) {
            return true;
        }
        Map<Integer, Long> ends = startEnds;
        if (ends == null) {
            return false;
        }
        for (Map.Entry<Integer, Long> e : ends.entrySet()) {
            if (!partitionCaughtUp(e.getKey(), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private boolean partitionCaughtUp(int partition, long end) {
        long earliest = startEarliest.getOrDefault(partition, 0L);
        return earliest >= end || consumed.getOrDefault(partition, -1L) >= end;
    }

    /**
     * One line per partition for the health check's data: {@code "end offset at start 12, consumed to 7"}.
     * Empty before the offsets are known.
     */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        Map<Integer, Long> ends = startEnds;
        if (ends == null) {
            return out;
        }
        for (Map.Entry<Integer, Long> e : new TreeMap<>(ends).entrySet()) {
            int p = e.getKey();
            long end = e.getValue();
            Long position = consumed.get(p);
            String line = "end offset at start " + end + ", consumed to " + (position == null ? "nothing yet" : position);
            if (startEarliest.getOrDefault(p, 0L) >= end) {
                line += " (empty at start)";
            }
            out.put("partition-" + p, line + (partitionCaughtUp(p, end) ? ", caught up" : ""));
        }
        return out;
    }
}
