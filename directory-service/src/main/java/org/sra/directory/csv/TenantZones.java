package org.sra.directory.csv;

import java.time.ZoneId;

/**
 * A tenant's time zone (全体設定's タイムゾーン), in which exports write its times. Implemented by the
 * global settings; an interface here so that the exporting features need not depend on them.
 */
@FunctionalInterface
public interface TenantZones {

    ZoneId of(String tenantId);
}
