package org.sra.directory.tenant.web;

import java.time.Instant;
import java.util.List;

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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.tenant.Tenant;
import org.sra.directory.tenant.TenantProvisioning;

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
                     @NotBlank String vpnPool) {
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

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TenantView create(@Valid @RequestBody NewTenant request) {
        int devices = request.devicesPerUser() == null ? 2 : request.devicesPerUser();
        return TenantView.of(provisioning.provision(request.name().strip(), devices, request.vpnPool()));
    }

    @GetMapping
    List<TenantView> list() {
        return provisioning.all().stream().map(TenantView::of).toList();
    }

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
