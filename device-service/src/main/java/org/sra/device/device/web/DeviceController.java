package org.sra.device.device.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
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
import org.sra.device.device.DeviceBulk;
import org.sra.device.device.DeviceCatalog;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceFilter;
import org.sra.device.device.DeviceListing;
import org.sra.kit.error.DomainException;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.ProblemException;
import org.sra.kit.web.Problems;

/** The device settings screen (§4-2): list, add, edit, delete. The tenant is always the caller's. */
@RestController
@RequestMapping("/api/devices")
class DeviceController {

    static final int MAX_PAGE_SIZE = 500;

    private final DeviceCatalog catalog;
    private final DeviceListing listing;
    private final DeviceBulk bulk;
    private final MessageSource messages;

    DeviceController(DeviceCatalog catalog, DeviceListing listing, DeviceBulk bulk, MessageSource messages) {
        this.catalog = catalog;
        this.listing = listing;
        this.bulk = bulk;
        this.messages = messages;
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

    /** The ids of every device on the filtered list (same filters as the list), for "select all". */
    record DeviceIds(List<String> ids, int totalElements) {
    }

    @GetMapping("/ids")
    DeviceIds ids(TenantId tenant, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String type, @RequestParam(required = false) Boolean assigned,
                  @RequestParam(required = false) String userId,
                  @RequestParam(required = false) Boolean connectionAllowed,
                  @RequestParam(required = false) String sort) {
        List<String> ids = catalog.ids(tenant.value(),
                DeviceFilter.of(name, type, assigned, userId, connectionAllowed, sort));
        return new DeviceIds(ids, ids.size());
    }

    /** A bulk action's devices; {@code connectionAllowed} for the connection on/off. */
    record BulkRequest(List<String> ids, Boolean connectionAllowed) {
    }

    /** A device a bulk action left as it was: its name (when the tenant has it) and why, as a person reads it. */
    record BulkFailure(String id, String name, String code, String message) {
    }

    record BulkAnswer(int done, int failed, List<BulkFailure> failures) {
    }

    /** Deletes each listed device that may go (R-DEV-4); the others are answered with their reason. */
    @PostMapping("/bulk/delete")
    BulkAnswer bulkDelete(TenantId tenant, @RequestBody(required = false) BulkRequest body,
                          HttpServletRequest request) {
        return answer(bulk.delete(tenant.value(), body == null ? null : body.ids()), Problems.locale(request));
    }

    /** Allows or blocks connections of each listed device. */
    @PostMapping("/bulk/connection")
    BulkAnswer bulkConnection(TenantId tenant, @RequestBody(required = false) BulkRequest body,
                              HttpServletRequest request) {
        return answer(bulk.allowConnection(tenant.value(), body == null ? null : body.ids(),
                body == null ? null : body.connectionAllowed()), Problems.locale(request));
    }

    private BulkAnswer answer(DeviceBulk.Result result, Locale locale) {
        List<BulkFailure> failures = result.failures().stream().map(f -> new BulkFailure(f.id(), f.name(),
                f.reason().slug(), messages.getMessage("problem." + f.reason().slug(), f.reason().args(),
                        f.reason().slug(), locale))).toList();
        return new BulkAnswer(result.done(), failures.size(), failures);
    }

    /** A device's name by its id. */
    record DeviceName(String id, String name) {
    }

    /**
     * The names of the given devices of the caller's tenant (at most 500 ids; others' and unknown
     * ids are left out): the session and connection logs, kept by device id elsewhere, show them.
     */
    @GetMapping("/names")
    List<DeviceName> names(TenantId tenant, @RequestParam List<String> ids) {
        if (ids.size() > MAX_PAGE_SIZE) {
            throw DomainException.invalid("page-invalid", MAX_PAGE_SIZE);
        }
        return catalog.named(tenant.value(), ids).stream().map(d -> new DeviceName(d.id(), d.name())).toList();
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
