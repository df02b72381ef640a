package org.sra.profile.proxy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.profile.ProxyMode;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.kit.outbox.AggregateDocument;

/** A tenant's proxy setting (R-PXY-1) and how it is applied (R-PXY-2); changes go out through the outbox. */
@Document("proxy_settings")
public class ProxySetting extends AggregateDocument {

    @Id
    private String tenantId;
    private ProxyMode mode;
    private @Nullable String address;
    private @Nullable Integer port;
    private List<String> exclusions = new ArrayList<>();
    private Scope scope;
    private Instant updatedAt;
    @Version
    private Long version;

    ProxySetting() {
    }

    /** What a tenant has before the admin chooses: {@code UNSELECTED} (product guide §5-1), applied to no profile. */
    static ProxySetting initial(String tenantId, Instant now) {
        ProxySetting setting = new ProxySetting();
        setting.tenantId = tenantId;
        setting.mode = ProxyMode.UNSELECTED;
        setting.scope = Scope.SELECTED;
        setting.updatedAt = now;
        return setting;
    }

    void change(ProxyConfig config, Instant now) {
        ProxyConfig before = config();
        if (config.equals(before)) {
            return;
        }
        mode = config.mode();
        address = config.address();
        port = config.port();
        exclusions = new ArrayList<>(config.exclusions());
        updatedAt = now;
        raise(tenantId, new ProxySettingsChanged(tenantId, mode, address, port, List.copyOf(exclusions)));
        audit(tenantId, "PROXY_SETTINGS_CHANGED", "proxy-settings", tenantId, before, config());
    }

    void scope(Scope scope, Instant now) {
        this.scope = scope;
        this.updatedAt = now;
    }

    public ProxyConfig config() {
        return new ProxyConfig(mode, address, port, exclusions);
    }

    public String tenantId() {
        return tenantId;
    }

    public ProxyMode mode() {
        return mode;
    }

    public Scope scope() {
        return scope;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
