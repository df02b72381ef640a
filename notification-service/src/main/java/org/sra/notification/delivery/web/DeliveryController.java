package org.sra.notification.delivery.web;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.Paging;
import org.sra.notification.delivery.Delivery;
import org.sra.notification.delivery.DeliveryLog;

/**
 * The delivery log of the caller's tenant (the tenant comes from the token only): every mail,
 * its state, attempts and last error; dead letters are retried from here (R-NOT-2).
 */
@RestController
@RequestMapping("/api/notifications/deliveries")
class DeliveryController {

    private static final int MAX_PAGE_SIZE = 200;

    private final DeliveryLog deliveryLog;

    DeliveryController(DeliveryLog deliveryLog) {
        this.deliveryLog = deliveryLog;
    }

    record DeliveryView(String deliveryId, String sourceEventId, String sourceEventType, String kind, String recipient,
                        String language, String state, int attempts, String lastError, Instant createdAt,
                        Instant updatedAt, Instant nextAttemptAt, Instant sentAt, String messageId) {

        static DeliveryView of(Delivery delivery) {
            return new DeliveryView(delivery.id(), delivery.sourceEventId(), delivery.sourceEventType(),
                    delivery.kind().name(), delivery.recipient(), delivery.language(), delivery.state().name(),
                    delivery.attempts(), delivery.lastError(), delivery.createdAt(), delivery.updatedAt(),
                    delivery.nextAttemptAt(), delivery.sentAt(), delivery.messageId());
        }
    }

    record DeliveryPage(List<DeliveryView> items, int page, int size, long totalElements, int totalPages) {

        static DeliveryPage of(Page<Delivery> page) {
            return new DeliveryPage(page.getContent().stream().map(DeliveryView::of).toList(), page.getNumber(),
                    page.getSize(), page.getTotalElements(), page.getTotalPages());
        }
    }

    /** Newest first; {@code state} = SENDING, SENT, FAILED or DEAD (the dead letters). */
    @GetMapping
    DeliveryPage list(TenantId tenant, @RequestParam(required = false) String state,
                      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Paging.check(page, size, MAX_PAGE_SIZE);
        PageRequest request = PageRequest.of(page, size);
        return DeliveryPage.of(deliveryLog.list(tenant.value(), state, request));
    }

    /** Sends a dead (or failed) delivery again, with the same Message-ID. */
    @PostMapping("/{deliveryId}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryView retry(TenantId tenant, @PathVariable String deliveryId) {
        return DeliveryView.of(deliveryLog.retry(tenant.value(), deliveryId));
    }
}
