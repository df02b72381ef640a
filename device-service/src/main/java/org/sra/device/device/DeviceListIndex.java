package org.sra.device.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's device list in memory: the filter and sort keys of every device
 * ({@link DeviceListEntry}), as of a revision of the tenant's change journal
 * ({@link DeviceListChanges}). A page is chosen here and then read from the store by {@code _id}.
 * Each sort order's sorted view is kept until the next change, so a page costs one pass over the
 * tenant's entries, not a sort.
 *
 * <p>Not thread-safe: {@link DeviceListIndexes} holds a lock per tenant around it.
 */
final class DeviceListIndex {

    /** The ids of one page, in order, and how many devices match the filter in all. */
    record Selection(List<String> ids, long total) {
    }

    private final Map<String, DeviceListEntry> entries = new HashMap<>();
    private final Map<String, List<DeviceListEntry>> sorted = new HashMap<>();
    /** Journal revisions announced but not found yet, and since when (see {@link #advance}). */
    private final Map<Long, Instant> gaps = new HashMap<>();
    private final Instant builtAt;
    private long revision;

    DeviceListIndex(long revision, Collection<DeviceListEntry> entries, Instant builtAt) {
        this.revision = revision;
        this.builtAt = builtAt;
        entries.forEach(e -> this.entries.put(e.id(), e));
    }

    long revision() {
        return revision;
    }

    Instant builtAt() {
        return builtAt;
    }

    int size() {
        return entries.size();
    }

    /**
     * Takes the current state of changed devices: {@code current} holds the entries of those
     * that are still on the list; every other id in {@code changed} left it (deleted, taken back).
     */
    void apply(Collection<String> changed, Collection<DeviceListEntry> current) {
        if (changed.isEmpty() && current.isEmpty()) {
            return;
        }
        changed.forEach(entries::remove);
        current.forEach(e -> entries.put(e.id(), e));
        sorted.clear();
    }

    /**
     * Moves to {@code revision}. {@code missing} are revisions the journal does not hold yet (a
     * writer between its two writes, or one that died there); they are asked for again next time.
     */
    void advance(long revision, Set<Long> missing, Instant now) {
        this.revision = Math.max(this.revision, revision);
        gaps.keySet().retainAll(missing);
        missing.forEach(r -> gaps.putIfAbsent(r, now));
    }

    Set<Long> gaps() {
        return Set.copyOf(gaps.keySet());
    }

    /** True when a revision has been missing since before {@code limit}: its change is lost. */
    boolean hasGapOlderThan(Instant limit) {
        return gaps.values().stream().anyMatch(since -> since.isBefore(limit));
    }

    /** {@code limit} entries from {@code offset} of the filtered, sorted list ({@code limit} < 0: all). */
    Selection select(DeviceFilter filter, long offset, int limit) {
        DeviceFilter.Order order = filter.order();
        List<DeviceListEntry> all = sorted.computeIfAbsent(order.key(), key -> {
            List<DeviceListEntry> list = new ArrayList<>(entries.values());
            list.sort(order.comparator());
            return list;
        });
        if (filter.matchesAll()) {
            int from = (int) Math.min(offset, all.size());
            int to = limit < 0 ? all.size() : (int) Math.min(all.size(), (long) from + limit);
            return new Selection(all.subList(from, to).stream().map(DeviceListEntry::id).toList(), all.size());
        }
        List<String> page = new ArrayList<>(limit < 0 ? 64 : limit);
        long total = 0;
        for (DeviceListEntry entry : all) {
            if (filter.matches(entry)) {
                if (total >= offset && (limit < 0 || page.size() < limit)) {
                    page.add(entry.id());
                }
                total++;
            }
        }
        return new Selection(page, total);
    }
}
