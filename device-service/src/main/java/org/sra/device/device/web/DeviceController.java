package org.sra.device.device.web;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.device.device.DeviceCatalog;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceFilter;
import org.sra.device.device.DeviceListing;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.ProblemException;

/** The device settings screen (§4-2): list, add, edit, delete. The tenant is always the caller's. */
@RestController
@RequestMapping("/api/devices")
class DeviceController {

    static final int MAX_PAGE_SIZE = 500;

    private final DeviceCatalog catalog;
    private final DeviceListing listing;

    DeviceController(DeviceCatalog catalog, DeviceListing listing) {
        this.catalog = catalog;
        this.listing = listing;
    }

    /** One page of the list. */
    record DevicePage(List<DeviceView> items, int page, int size, long totalElements, int totalPages) {

        static DevicePage of(Page<DeviceListing.Row> page) {
            return new DevicePage(page.getContent().stream().map(DeviceView::of).toList(), page.getNumber(),
                    page.getSize(), page.getTotalElements(), page.getTotalPages());
        }
    }

    @GetMapping
    DevicePage list(TenantId tenant, @RequestParam(required = false) String name,
                    @RequestParam(required = false) String type, @RequestParam(required = false) Boolean assigned,
                    @RequestParam(required = false) String userId,
                    @RequestParam(required = false) Boolean connectionAllowed,
                    @RequestParam(required = false) String sort, @RequestParam(defaultValue = "0") int page,
                    @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("page-invalid", MAX_PAGE_SIZE);
        }
        DeviceFilter filter = DeviceFilter.of(name, type, assigned, userId, connectionAllowed, sort);
        return DevicePage.of(listing.page(tenant.value(), filter, PageRequest.of(page, size)));
    }

    @GetMapping("/{id}")
    DeviceView one(TenantId tenant, @PathVariable String id) {
        return DeviceView.of(listing.one(tenant.value(), id));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    DeviceView create(TenantId tenant, @RequestBody DeviceDraft draft) {
        String id = catalog.create(tenant.value(), draft).id();
        return DeviceView.of(listing.one(tenant.value(), id));
    }

    @PutMapping("/{id}")
    DeviceView edit(TenantId tenant, @PathVariable String id, @RequestBody DeviceDraft draft) {
        catalog.edit(tenant.value(), id, draft);
        return DeviceView.of(listing.one(tenant.value(), id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(TenantId tenant, @PathVariable String id) {
        catalog.delete(tenant.value(), id);
    }
}
