package org.sra.directory.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker of each tenant's directory ({@code sra.directory.breaker.*}).
 *
 * @param window       how many of the latest calls are counted
 * @param minimumCalls calls needed before the breaker may open
 * @param failureRate  percentage of those that found the directory unreachable which opens it
 * @param openFor      how long the directory is not asked once open; then one trial call decides
 */
@ConfigurationProperties("sra.directory.breaker")
public record DirectoryBreakerSettings(@DefaultValue("10") int window, @DefaultValue("3") int minimumCalls,
                                       @DefaultValue("50") float failureRate,
                                       @DefaultValue("30s") Duration openFor) {
}
