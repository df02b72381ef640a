package org.sra.auth.readmodel;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends the live sessions of users and devices whose validity period ran out while they were
 * connected: every {@code sra.auth.validity-sweep} (30 s) the periods that ended since the last
 * sweep are looked up in memory by the time they end (not a scan of every user and device) and
 * revoked like a disabled user or device (RFC 5176 Disconnect-Request). New attempts are refused
 * at decision time anyway; this only cuts what is already connected. Every replica sweeps; a
 * session already ended by another is skipped.
 */
@Component
class ValidityExpiry {

    private static final Logger log = LoggerFactory.getLogger(ValidityExpiry.class);

    private final ReadModel model;
    private final ObjectProvider<AccessRevocations> revocations;
    private final Clock clock;
    private Instant last;

    ValidityExpiry(ReadModel model, ObjectProvider<AccessRevocations> revocations, Clock clock) {
        this.model = model;
        this.revocations = revocations;
        this.clock = clock;
        this.last = clock.instant();
    }

    @Scheduled(fixedDelayString = "${sra.auth.validity-sweep:30s}")
    synchronized void sweep() {
        Instant now = clock.instant();
        for (ReadModel.ValidityEnded ended : model.validityEnded(last, now)) {
            log.info("Validity period of {} {} ended: disconnecting its sessions",
                    ended.deviceId() == null ? "user" : "device", ended.deviceId() == null ? ended.userId() : ended.deviceId());
            revocations.orderedStream().forEach(r -> r.revoked(ended.tenantId(), ended.userId(), ended.deviceId()));
        }
        model.forgetValidityEndedBy(now);
        last = now;
    }
}
