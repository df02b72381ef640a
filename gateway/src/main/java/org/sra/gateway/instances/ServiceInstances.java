package org.sra.gateway.instances;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the instances of a service answer, when it runs more than once:
 * {@code sra.gateway.instances.device=http://10.0.0.5:8082,http://10.0.0.6:8082}. The first
 * address of a service's routes ({@code sra.gateway.services.<service>}) stands for all of them.
 * A service not listed here is reached at its one address (on Kubernetes: the Service's, which
 * spreads the calls itself).
 *
 * @param instances  addresses by service short name ({@code directory}, {@code device}, …)
 * @param downFor    how long an instance that refused a connection is passed over
 */
@ConfigurationProperties("sra.gateway")
public record ServiceInstances(@DefaultValue Map<String, List<URI>> instances,
        @DefaultValue("5s") java.time.Duration downFor) {
}
