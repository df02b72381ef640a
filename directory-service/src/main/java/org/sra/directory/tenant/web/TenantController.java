package org.sra.directory.tenant.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.tenant.Tenant;
import org.sra.directory.tenant.TenantProvisioning;
import org.sra.directory.tenant.TenantProvisioning.Provisioned;
import org.sra.directory.tenant.TenantProvisioning.RegistrationNotice;
import org.sra.kit.error.DomainException;
import org.sra.kit.web.Paging;

/** Operator API for tenants: create, list, change the contract, suspend and resume. */
@RestController
@RequestMapping("/api/operator/tenants")
class TenantController {

    private final TenantProvisioning provisioning;

    TenantController(TenantProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    record NewTenant(@NotBlank @Size(max = 100) String name,
                     @Min(1) @Max(100) Integer devicesPerUser,
                     @NotBlank String vpnPool,
                     @Size(max = 64) String adminLoginId) {
    }

    record ContractChange(@NotNull @Min(1) @Max(100) Integer devicesPerUser) {
    }

    record TenantView(String tenantId, String name, int devicesPerUser, String vpnPool, String status,
                      Instant createdAt) {

        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id(), tenant.name(), tenant.devicesPerUser(), tenant.vpnPool().cidr(),
                    tenant.status().name(), tenant.createdAt());
        }
    }

    /** The created tenant plus its registration notice, which no other answer ever repeats. */
    record CreatedTenantView(String tenantId, String name, int devicesPerUser, String vpnPool, String status,
                             Instant createdAt, RegistrationNotice registrationNotice) {

        static CreatedTenantView of(Provisioned provisioned) {
            TenantView tenant = TenantView.of(provisioned.tenant());
            return new CreatedTenantView(tenant.tenantId(), tenant.name(), tenant.devicesPerUser(), tenant.vpnPool(),
                    tenant.status(), tenant.createdAt(), provisioned.notice());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedTenantView create(@Valid @RequestBody NewTenant request) {
        int devices = request.devicesPerUser() == null ? 2 : request.devicesPerUser();
        return CreatedTenantView.of(provisioning.provision(request.name().strip(), devices, request.vpnPool(),
                request.adminLoginId()));
    }

    record NewAdmin(@Size(max = 64) String adminLoginId) {
    }

    /** Another admin for the tenant, with its registration notice (shown once). */
    @PostMapping("/{id}/admins")
    @ResponseStatus(HttpStatus.CREATED)
    RegistrationNotice issueAdmin(@PathVariable String id, @Valid @RequestBody(required = false) NewAdmin request) {
        return provisioning.issueAdmin(id, request == null ? null : request.adminLoginId());
    }

    @GetMapping
    List<TenantView> list() {
        return provisioning.all().stream().map(TenantView::of).toList();
    }

    /** A page of the tenant list as the console shows it: by name, in a status, with the total. */
    record TenantListPage(List<TenantView> items, int page, int size, long total) {
    }

    @GetMapping(params = "page")
    TenantListPage page(@RequestParam(required = false) String name, @RequestParam(required = false) String status,
                        @RequestParam int page, @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size, MAX_PAGE_SIZE);
        Tenant.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = Tenant.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DomainException(DomainException.Kind.INVALID, "list-filter-invalid",
                        Map.of("field", "status"), status.length() > 40 ? status.substring(0, 40) + "…" : status);
            }
        }
        if (name != null && name.length() > 200) {
            throw new DomainException(DomainException.Kind.INVALID, "list-filter-invalid", Map.of("field", "name"),
                    name.substring(0, 40) + "…");
        }
        TenantProvisioning.TenantPage found = provisioning.page(name, wanted, page, size);
        return new TenantListPage(found.items().stream().map(TenantView::of).toList(), found.page(), found.size(),
                found.total());
    }

    private static final int MAX_PAGE_SIZE = 500;

    @GetMapping("/{id}")
    TenantView one(@PathVariable String id) {
        return TenantView.of(provisioning.get(id));
    }

    @PutMapping("/{id}/contract")
    TenantView changeContract(@PathVariable String id, @Valid @RequestBody ContractChange change) {
        return TenantView.of(provisioning.changeContract(id, change.devicesPerUser()));
    }

    @PostMapping("/{id}/suspend")
    TenantView suspend(@PathVariable String id) {
        return TenantView.of(provisioning.suspend(id));
    }

    @PostMapping("/{id}/resume")
    TenantView resume(@PathVariable String id) {
        return TenantView.of(provisioning.resume(id));
    }
}
