package org.sra.device.device;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.sra.kit.error.DomainException;

/**
 * Actions on many devices of the list at once (delete, connection on/off). Each device goes
 * through the same path as a single action — its own event and its own audit entry — and is
 * decided by itself: a device that cannot be changed (assigned and so not deletable, gone, another
 * tenant's) is reported with its reason while the others are done. The console sends the ids of
 * one page or of every device on the filtered list in calls of at most {@link #MAX_IDS}, and shows
 * how far it got between them.
 */
@Service
public class DeviceBulk {

    /** Ids in one call; the console sends more in several calls. */
    public static final int MAX_IDS = 500;

    private static final Logger log = LoggerFactory.getLogger(DeviceBulk.class);

    private final DeviceCatalog catalog;

    DeviceBulk(DeviceCatalog catalog) {
        this.catalog = catalog;
    }

    /** A device that was not changed, and why. */
    public record Failure(String id, @Nullable String name, DomainException reason) {
    }

    /** How many devices were done, and those that were not. */
    public record Result(int done, List<Failure> failures) {
    }

    public Result delete(String tenantId, @Nullable List<String> ids) {
        Result result = each(tenantId, ids, id -> catalog.delete(tenantId, id));
        log.info("Bulk delete in tenant {}: {} deleted, {} refused", tenantId, result.done(), result.failures().size());
        return result;
    }

    public Result allowConnection(String tenantId, @Nullable List<String> ids, @Nullable Boolean allowed) {
        if (allowed == null) {
            throw DomainException.invalid("bulk-connection-missing");
        }
        Result result = each(tenantId, ids, id -> catalog.allowConnection(tenantId, id, allowed));
        log.info("Bulk connection {} in tenant {}: {} done, {} refused", allowed ? "on" : "off", tenantId,
                result.done(), result.failures().size());
        return result;
    }

    private Result each(String tenantId, @Nullable List<String> ids, Consumer<String> action) {
        if (ids == null || ids.isEmpty()) {
            throw DomainException.invalid("bulk-ids-missing");
        }
        if (ids.size() > MAX_IDS) {
            throw DomainException.invalid("bulk-too-many", MAX_IDS);
        }
        int done = 0;
        List<Failure> failures = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            try {
                runWithRetry(id, action);
                done++;
            } catch (DomainException e) {
                if (e.kind() == DomainException.Kind.NOT_FOUND) {
                    // deleted meanwhile, or not the tenant's: said without the id, which means nothing to a person
                    failures.add(new Failure(id, null, DomainException.notFound("bulk-device-gone")));
                } else {
                    failures.add(new Failure(id, nameOf(tenantId, id), e));
                }
            }
        }
        return new Result(done, List.copyOf(failures));
    }

    /** A device changed meanwhile (assigned, auto-registered) is read again and tried once more. */
    private static void runWithRetry(String id, Consumer<String> action) {
        try {
            action.accept(id);
        } catch (OptimisticLockingFailureException changedMeanwhile) {
            action.accept(id);
        }
    }

    private @Nullable String nameOf(String tenantId, String id) {
        try {
            return catalog.get(tenantId, id).name();
        } catch (DomainException gone) {
            return null;
        }
    }
}
