package org.sra.directory.user;

import org.springframework.stereotype.Component;
import org.sra.directory.settings.VpnUserCount;

@Component
class VpnUserCounter implements VpnUserCount {

    private final VpnUsers users;

    VpnUserCounter(VpnUsers users) {
        this.users = users;
    }

    @Override
    public long count(String tenantId) {
        return users.countByTenantIdAndDeletedFalse(tenantId);
    }
}
