package org.sra.notification.delivery.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.sra.notification.delivery.DeliveryLog;
import org.sra.notification.delivery.DeliveryState;

/**
 * The operator's view of one tenant's 概要, this service's part: the tenant's mails still waiting to
 * be sent and its dead letters — the figures of the admins' own overview. Operator only (the kit's
 * rules: {@code /api/operator/**}); the tenant is the path's. This service keeps no tenant list, so a
 * tenant it never heard of simply has no mails (directory-service's part answers 404 for it).
 */
@RestController
class TenantMailOverviewController {

    private final DeliveryLog deliveryLog;

    TenantMailOverviewController(DeliveryLog deliveryLog) {
        this.deliveryLog = deliveryLog;
    }

    record MailOverview(String tenantId, long waiting, long dead) {
    }

    @GetMapping("/api/operator/tenants/{tenantId}/overview/mails")
    MailOverview overview(@PathVariable String tenantId) {
        return new MailOverview(tenantId, count(tenantId, DeliveryState.SENDING), count(tenantId, DeliveryState.DEAD));
    }

    private long count(String tenantId, DeliveryState state) {
        return deliveryLog.list(tenantId, state.name(), PageRequest.of(0, 1)).getTotalElements();
    }
}
