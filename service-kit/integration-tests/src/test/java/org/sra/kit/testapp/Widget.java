package org.sra.kit.testapp;

import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.outbox.AggregateDocument;

/** A test aggregate: creating it raises {@link TenantProvisioned}. */
@Document("widgets")
public class Widget extends AggregateDocument {

    @Id
    private String id;
    private String tenantId;
    private String name;

    Widget() {
    }

    public static Widget create(String id, String tenantId, String name) {
        Widget widget = new Widget();
        widget.id = id;
        widget.tenantId = tenantId;
        widget.name = name;
        widget.raise(id, new TenantProvisioned(id, name, 2, "10.0.0.0/24"));
        return widget;
    }

    public void changeContract(int devicesPerUser) {
        raise(id, new TenantContractChanged(id, devicesPerUser));
    }

    /** Raises, for each of the given aggregates in turn, contract changes to 1, 2 … {@code changes}. */
    public void announceContracts(List<String> aggregateIds, int changes) {
        for (int devicesPerUser = 1; devicesPerUser <= changes; devicesPerUser++) {
            for (String aggregateId : aggregateIds) {
                raise(aggregateId, new TenantContractChanged(aggregateId, devicesPerUser));
            }
        }
    }

    public void remove() {
        markDeleted();
        raise(id, new TenantSuspended(id));
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }
}
