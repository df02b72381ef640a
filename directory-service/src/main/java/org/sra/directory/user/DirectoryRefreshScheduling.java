package org.sra.directory.user;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link DirectoryRefreshJob} on its schedule; {@code sra.directory.refresh.enabled=false} turns it off. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "sra.directory.refresh.enabled", matchIfMissing = true)
class DirectoryRefreshScheduling {
}
