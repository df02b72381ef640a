package org.sra.kit.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Paths of a service that need no token ({@code sra.security.public-paths}), e.g. the public
 * profile download. Health, metrics and the OpenAPI description are always public.
 */
@ConfigurationProperties("sra.security")
public record SecuritySettings(List<String> publicPaths) {

    public SecuritySettings {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
