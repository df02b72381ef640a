package org.sra.auth.radius;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers recent requests by (NAS address and port, identifier, request authenticator) — the
 * RFC 5080 duplicate key — with their answer, so that a retransmission gets the same bytes again
 * and causes no second decision, lease or event. While the first copy is still being decided,
 * a retransmission is dropped.
 */
final class RetransmissionCache {

    private final long windowNanos;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private volatile long lastPurge = System.nanoTime();

    RetransmissionCache(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** @return null when this request is new (and now marked in progress), else the earlier entry */
    Entry begin(InetSocketAddress source, byte[] packet) {
        purgeNowAndThen();
        Entry fresh = new Entry(System.nanoTime());
        Entry earlier = entries.putIfAbsent(Key.of(source, packet), fresh);
        if (earlier != null && System.nanoTime() - earlier.createdAt > windowNanos) {
            entries.put(Key.of(source, packet), fresh);
            return null;
        }
        return earlier;
    }

    void answered(InetSocketAddress source, byte[] packet, byte[] answer) {
        Entry entry = entries.get(Key.of(source, packet));
        if (entry != null) {
            entry.answer = answer;
        }
    }

    /** The request was dropped after all; a retransmission may try again. */
    void forget(InetSocketAddress source, byte[] packet) {
        entries.remove(Key.of(source, packet));
    }

    int size() {
        return entries.size();
    }

    private void purgeNowAndThen() {
        long now = System.nanoTime();
        if (now - lastPurge > windowNanos / 4) {
            lastPurge = now;
            entries.values().removeIf(e -> now - e.createdAt > windowNanos);
        }
    }

    static final class Entry {
        private final long createdAt;
        private volatile byte[] answer;

        Entry(long createdAt) {
            this.createdAt = createdAt;
        }

        /** null while the first copy is still being decided */
        byte[] answer() {
            return answer;
        }
    }

    private record Key(InetSocketAddress source, int identifier, ByteBuffer authenticator) {
        static Key of(InetSocketAddress source, byte[] packet) {
            return new Key(source, packet[1] & 0xff, ByteBuffer.wrap(packet, 4, 16).slice());
        }
    }
}
