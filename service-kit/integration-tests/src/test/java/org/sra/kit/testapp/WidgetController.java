package org.sra.kit.testapp;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.security.Caller;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.ProblemException;

@RestController
class WidgetController {

    private final Widgets widgets;

    WidgetController(Widgets widgets) {
        this.widgets = widgets;
    }

    record NewWidget(@NotBlank @Size(max = 20) String name, Integer count) {
    }

    record WidgetView(String id, String name) {
    }

    @PostMapping("/api/widgets")
    @ResponseStatus(HttpStatus.CREATED)
    WidgetView create(TenantId tenant, @Valid @RequestBody NewWidget request) {
        Widget widget = widgets.save(Widget.create(UUID.randomUUID().toString(), tenant.value(), request.name()));
        return new WidgetView(widget.id(), widget.name());
    }

    @GetMapping("/api/widgets")
    List<WidgetView> list(TenantId tenant) {
        return widgets.findByTenantIdAndDeletedFalse(tenant.value()).stream()
                .map(w -> new WidgetView(w.id(), w.name())).toList();
    }

    @GetMapping("/api/widgets/{id}")
    WidgetView one(TenantId tenant, @PathVariable String id) {
        return widgets.findById(id).filter(w -> w.tenantId().equals(tenant.value()) && !w.isDeleted())
                .map(w -> new WidgetView(w.id(), w.name()))
                .orElseThrow(() -> ProblemException.notFound("widget-not-found", id));
    }

    @GetMapping("/api/operator/whoami")
    Caller whoami(Caller caller) {
        return caller;
    }
}
