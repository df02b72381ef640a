package org.sra.device.registration;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The part of a tenant's global settings device-service needs (R-SET-5), from the latest
 * {@code SettingsChanged}. Until one arrives, auto-registration counts as disabled: that is the
 * state of a new tenant in the guide (§3-2, the admin switches 「無効」 to 「有効」).
 */
@Document("tenant_settings")
record TenantSettings(@Id String tenantId, boolean autoRegistration) {
}
