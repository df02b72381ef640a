package org.sra.auth.decisionlog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Write-behind of the decision log.
 *
 * @param queue    decisions waiting to be written; when full, a decision is written at once on the
 *                 request's thread (back-pressure, never a lost line)
 * @param batch    most decisions per write
 * @param linger   how long the writer waits for more decisions after the first of a batch: each batch
 *                 costs one store write and one produce request whatever its size, so under load a
 *                 longer linger is cheaper; queries flush first, so admins never see the delay
 */
@ConfigurationProperties("sra.auth.decision-log")
public record DecisionLogSettings(@DefaultValue("20000") int queue,
                                  @DefaultValue("1000") int batch,
                                  @DefaultValue("25ms") Duration linger) {
}
