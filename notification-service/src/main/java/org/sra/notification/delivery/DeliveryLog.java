package org.sra.notification.delivery;

import java.time.Clock;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.sra.kit.error.DomainException;

/** The admin's view of the tenant's deliveries and the retry of dead letters (R-NOT-2). */
@Service
public class DeliveryLog {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

    private final Deliveries deliveries;
    private final Clock clock;

    DeliveryLog(Deliveries deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    public Page<Delivery> list(String tenantId, @Nullable String state, Pageable page) {
        return deliveries.log(tenantId, parseState(state), page);
    }

    /** Queues a dead (or failed) delivery again with a fresh attempt budget, audited. */
    public Delivery retry(String tenantId, String deliveryId) {
        Delivery delivery = deliveries.find(tenantId, deliveryId)
                .orElseThrow(() -> DomainException.notFound("delivery-not-found", deliveryId));
        DeliveryState readState = delivery.state();
        if (!delivery.isRetryable()) {
            throw DomainException.conflict("delivery-not-retryable", deliveryId, readState.name());
        }
        int eventsBefore = delivery.pendingEvents().size();
        long readRevision = delivery.revision();
        delivery.retryRequested(clock.instant());
        if (!deliveries.recordIfUnchanged(delivery, eventsBefore, readRevision)) {
            // The dispatcher claimed it in between: it is being sent right now.
            throw DomainException.conflict("delivery-not-retryable", deliveryId, DeliveryState.SENDING.name());
        }
        log.info("Delivery {} ({} to {}) queued again by an admin", deliveryId, delivery.kind(), delivery.maskedRecipient());
        return delivery;
    }

    private static DeliveryState parseState(@Nullable String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return DeliveryState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("delivery-state-invalid", state);
        }
    }
}
