package org.sra.directory.nas.web;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.nas.NasClient;
import org.sra.directory.nas.NasClientRegistry;

/** Operator API for a tenant's headends. The shared secret goes in and never comes out. */
@RestController
@RequestMapping("/api/operator/tenants/{tenantId}/nas-clients")
class NasClientController {

    private final NasClientRegistry registry;

    NasClientController(NasClientRegistry registry) {
        this.registry = registry;
    }

    /** RADIUS shared secret: 16–128 printable ASCII characters without spaces. */
    record NewNasClient(@NotBlank @Size(max = 100) String name,
                        @NotBlank @Size(max = 18) String address,
                        @NotBlank @Size(min = 16, max = 128) @Pattern(regexp = "[\\x21-\\x7E]*") String sharedSecret) {

        @Override
        public String toString() {
            return "NewNasClient[" + name + ", " + address + "]";
        }
    }

    record NasClientView(String nasClientId, String name, String address, Instant createdAt) {

        static NasClientView of(NasClient client) {
            return new NasClientView(client.id(), client.name(), client.address().text(), client.createdAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    NasClientView register(@PathVariable String tenantId, @Valid @RequestBody NewNasClient request) {
        return NasClientView.of(registry.register(tenantId, request.name().strip(), request.address(),
                request.sharedSecret()));
    }

    @GetMapping
    List<NasClientView> list(@PathVariable String tenantId) {
        return registry.list(tenantId).stream().map(NasClientView::of).toList();
    }

    @DeleteMapping("/{nasClientId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String tenantId, @PathVariable String nasClientId) {
        registry.remove(tenantId, nasClientId);
    }
}
