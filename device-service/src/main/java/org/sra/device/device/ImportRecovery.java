package org.sra.device.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes back the CSV imports a replica abandoned: an {@link ImportPart} still {@code PREPARING}
 * long after it was written (a part is {@code PREPARING} only while its devices are inserted,
 * seconds) means the importing replica died between the part's writes, so the admin got no
 * answer; the import is taken back as a failed one is ({@link DeviceCatalog#takeBack}), and the
 * admin imports the file again. Runs {@code sra.device.import-recovery.every} (5 min) on every
 * replica; the parts collection holds only parts being written or waiting for the relay, so its
 * scan reads a handful of documents.
 */
@Component
@EnableScheduling
public class ImportRecovery {

    private static final Logger log = LoggerFactory.getLogger(ImportRecovery.class);

    private final MongoTemplate mongo;
    private final DeviceCatalog catalog;
    private final Clock clock;
    private final Duration abandonedAfter;

    ImportRecovery(MongoTemplate mongo, DeviceCatalog catalog, Clock clock,
                   @Value("${sra.device.import-recovery.abandoned-after:10m}") Duration abandonedAfter) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.clock = clock;
        this.abandonedAfter = abandonedAfter;
    }

    /** Takes back every import with a part left {@code PREPARING} for longer than {@code abandoned-after}; their count. */
    @Scheduled(initialDelayString = "${sra.device.import-recovery.initial-delay:30s}",
            fixedDelayString = "${sra.device.import-recovery.every:5m}")
    public int recover() {
        Instant before = clock.instant().minus(abandonedAfter);
        int taken = 0;
        for (ImportPart part : mongo.find(Query.query(Criteria.where("state").is(ImportPart.State.PREPARING)),
                ImportPart.class)) {
            if (!part.createdAt().isBefore(before)) {
                continue;
            }
            try {
                catalog.takeBack(part.tenantId(), part.importId(), part.deviceIds(), part.id());
                taken++;
                log.warn("Import {} of tenant {} was abandoned while its part {} was being written (the replica stopped);"
                        + " its devices were taken back", part.importId(), part.tenantId(), part.id());
            } catch (RuntimeException e) {
                log.warn("Could not take back abandoned import {} yet, will retry: {}", part.importId(), e.toString());
            }
        }
        return taken;
    }
}
