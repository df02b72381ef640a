package org.sra.device.device.web;

import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.sra.device.device.DeviceFilter;
import org.sra.device.device.DeviceListing;

/**
 * The operator's view of one tenant's 概要, this service's part: the tenant's devices and those not
 * assigned to a user — the figures of the admins' own overview. Operator only (the kit's rules:
 * {@code /api/operator/**}); the tenant is the path's.
 */
@RestController
class TenantDeviceOverviewController {

    private final DeviceListing listing;

    TenantDeviceOverviewController(DeviceListing listing) {
        this.listing = listing;
    }

    record DeviceOverview(String tenantId, long devices, long unassigned) {
    }

    @GetMapping("/api/operator/tenants/{tenantId}/overview/devices")
    DeviceOverview overview(@PathVariable String tenantId) {
        return new DeviceOverview(tenantId, count(tenantId, null), count(tenantId, false));
    }

    private long count(String tenantId, Boolean assigned) {
        return listing.page(tenantId, DeviceFilter.of(null, null, assigned, null, null, null), PageRequest.of(0, 1))
                .getTotalElements();
    }
}
