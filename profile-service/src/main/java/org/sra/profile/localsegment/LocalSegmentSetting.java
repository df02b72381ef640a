package org.sra.profile.localsegment;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.profile.proxy.Scope;

/**
 * A tenant's local-segment access (R-LSG-1): reach the user's own LAN while connected. A profile
 * gets it when the switch is on and the profile is in the applied set.
 */
@Document("local_segment_settings")
public class LocalSegmentSetting extends AggregateDocument {

    @Id
    private String tenantId;
    private boolean enabled;
    private Scope scope;
    private Instant updatedAt;
    @Version
    private Long version;

    LocalSegmentSetting() {
    }

    /** Off and applied to no profile until the admin decides. */
    static LocalSegmentSetting initial(String tenantId, Instant now) {
        LocalSegmentSetting setting = new LocalSegmentSetting();
        setting.tenantId = tenantId;
        setting.enabled = false;
        setting.scope = Scope.SELECTED;
        setting.updatedAt = now;
        return setting;
    }

    void enable(boolean on, Instant now) {
        if (enabled != on) {
            enabled = on;
            updatedAt = now;
            raise(tenantId, new LocalSegmentSettingsChanged(tenantId, on));
            audit(tenantId, "LOCAL_SEGMENT_CHANGED", "local-segment", tenantId, new Enabled(!on), new Enabled(on));
        }
    }

    /** The setting as the audit trail shows it. */
    record Enabled(boolean enabled) {
    }

    void scope(Scope scope, Instant now) {
        this.scope = scope;
        this.updatedAt = now;
    }

    public String tenantId() {
        return tenantId;
    }

    public boolean enabled() {
        return enabled;
    }

    public Scope scope() {
        return scope;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
