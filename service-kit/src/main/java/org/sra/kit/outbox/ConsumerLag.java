package org.sra.kit.outbox;

import java.util.Set;

/**
 * How many records the slowest live consumer group has yet to read on some topics. The relay
 * holds back a tenant's bulk backlog while this is high, so the events of other tenants are not
 * queued behind it in the topics (see {@link OutboxRelay}).
 */
@FunctionalInterface
public interface ConsumerLag {

    /** Never holds anything back. */
    ConsumerLag NONE = topics -> 0;

    /** Records not yet read by the slowest live consumer group on {@code topics}; -1 when unknown. */
    long of(Set<String> topics);

    /**
     * How many times the lag was actually read so far, for an implementation that answers
     * {@link #of} from a recent reading: the relay counts what it let out since the last reading.
     * -1 (the default) when every call of {@link #of} reads afresh.
     */
    default long readings() {
        return -1;
    }
}
