package org.sra.device.contract.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.sra.device.contract.TenantContract;
import org.sra.device.contract.TenantContracts;
import org.sra.kit.security.TenantId;

/** The caller's contract as device-service enforces it. */
@RestController
class ContractController {

    private final TenantContracts contracts;

    ContractController(TenantContracts contracts) {
        this.contracts = contracts;
    }

    @GetMapping("/api/devices/contract")
    TenantContract contract(TenantId tenant) {
        return contracts.required(tenant.value());
    }
}
