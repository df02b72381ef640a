package org.sra.auth.readmodel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the in-memory read model keeps up with the other replicas (the poll interval itself is
 * {@code sra.auth.read-model-refresh}, 1 s).
 *
 * @param fullReload      how often every view document is read again, whatever the change feed
 *                        said: it repairs what a lost change record could hide. It reads whole
 *                        collections, so keep it minutes apart
 * @param changeRetention how long a change record is kept; a replica whose poll has not run for
 *                        half of it reloads everything instead of trusting the feed
 */
@ConfigurationProperties("sra.auth.read-model")
public record ReadModelSettings(@DefaultValue("10m") Duration fullReload,
                                @DefaultValue("5m") Duration changeRetention) {
}
