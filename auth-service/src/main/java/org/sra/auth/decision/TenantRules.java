package org.sra.auth.decision;

import org.sra.events.profile.ProxyMode;

/** The tenant settings the decision depends on (R-SET-5, R-PXY-1, R-OPS-1). */
public record TenantRules(boolean suspended, boolean autoRegistration, ProxyMode proxyMode) {
}
