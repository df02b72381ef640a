package org.sra.kit.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code sra-kit-defaults.yml} as the last property source, so every service starts from
 * the same defaults (graceful shutdown, probes, Kafka binder, dead letters, log correlation)
 * and overrides only what differs. Then turns the {@code sra.kafka.*} security settings into the
 * Kafka binder's client properties ({@link KafkaSecurity}).
 */
public class KitDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "sra-kit-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE)) {
            try {
                new YamlPropertySourceLoader().load(SOURCE, new ClassPathResource(SOURCE))
                        .forEach(source -> environment.getPropertySources().addLast(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        KafkaSecurity.apply(environment);
    }
}
