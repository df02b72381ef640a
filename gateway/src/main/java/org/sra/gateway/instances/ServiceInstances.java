package org.sra.gateway.instances;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the services answer: {@code sra.gateway.services.<service>}, the address the routes name,
 * and, when a service runs more than once, its instances:
 * {@code sra.gateway.instances.device=http://10.0.0.5:8082,http://10.0.0.6:8082}. The route's
 * address stands for all of them. A service not listed under {@code instances} is reached at its
 * one address (on Kubernetes: the Service's, which spreads the calls itself), as a pool of one.
 *
 * @param services  the routes' address of each service by short name ({@code directory}, {@code device}, …)
 * @param instances addresses by service short name
 * @param downFor   how long an instance that refused a connection is passed over
 */
@ConfigurationProperties("sra.gateway")
public record ServiceInstances(@DefaultValue Map<String, URI> services,
                               @DefaultValue Map<String, List<URI>> instances,
                               @DefaultValue("5s") Duration downFor) {
}
