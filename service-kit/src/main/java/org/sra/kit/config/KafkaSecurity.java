package org.sra.kit.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;

/**
 * How every Kafka client of a service authenticates: the Spring Cloud Stream binder's consumers,
 * producers, admin and lag reader, the outbox relay's producer and admin, the pacing's lag reader
 * and the readiness check. One set of {@code sra.kafka.*} settings (in the kit's defaults, from
 * the {@code SRA_KAFKA_*} environment variables) becomes the Kafka client properties under
 * {@code spring.cloud.stream.kafka.binder.configuration}, which all of them read.
 *
 * <ul>
 * <li>{@code PLAINTEXT} (the default, for the local stack): nothing is added.</li>
 * <li>{@code SASL_SSL} / {@code SASL_PLAINTEXT}: {@code sasl.mechanism} ({@code SCRAM-SHA-512} by
 * default; {@code SCRAM-SHA-256} or {@code PLAIN}) and a {@code sasl.jaas.config} built from the
 * user name and password.</li>
 * <li>{@code SSL}: TLS, with a client certificate (mutual TLS) when a key store is given.</li>
 * </ul>
 * With {@code SSL} and {@code SASL_SSL} a trust store is optional (the JVM's trusted CAs otherwise);
 * a key store makes the client present its certificate.
 *
 * <p>The password goes only into {@code sasl.jaas.config} and the store passwords only into their
 * Kafka properties, all of which Kafka treats as passwords (logged as {@code [hidden]}); nothing
 * here logs, and {@link Settings#toString()} masks them.
 */
public final class KafkaSecurity {

    /** Name of the property source this adds, just above the kit's defaults. */
    static final String SOURCE = "sra-kafka-security";
    private static final String CONFIGURATION = "spring.cloud.stream.kafka.binder.configuration.";
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    private KafkaSecurity() {
    }

    /**
     * The {@code sra.kafka.*} settings.
     *
     * @param securityProtocol   {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
     * @param saslMechanism      {@code SCRAM-SHA-512}, {@code SCRAM-SHA-256} or {@code PLAIN}
     * @param username           the service's Kafka user (SASL)
     * @param password           its password (SASL)
     * @param truststoreLocation file of the CAs that sign the brokers' certificates (optional)
     * @param truststorePassword its password (optional; none for PEM)
     * @param truststoreType     {@code PKCS12}, {@code JKS} or {@code PEM} (optional)
     * @param keystoreLocation   file with the service's client certificate and key, for mutual TLS (optional)
     * @param keystorePassword   its password (optional)
     * @param keystoreType       {@code PKCS12}, {@code JKS} or {@code PEM} (optional)
     * @param keyPassword        password of the key in the key store, when it differs (optional)
     */
    public record Settings(String securityProtocol, String saslMechanism, String username, String password,
                           String truststoreLocation, String truststorePassword, String truststoreType,
                           String keystoreLocation, String keystorePassword, String keystoreType,
                           String keyPassword) {

        /** Reads {@code sra.kafka.*}; a missing value is the empty string. */
        public static Settings from(PropertyResolver environment) {
            return new Settings(get(environment, "security-protocol", "PLAINTEXT").toUpperCase(Locale.ROOT),
                    get(environment, "sasl-mechanism", "SCRAM-SHA-512").toUpperCase(Locale.ROOT),
                    get(environment, "username", ""), get(environment, "password", ""),
                    get(environment, "truststore-location", ""), get(environment, "truststore-password", ""),
                    get(environment, "truststore-type", ""), get(environment, "keystore-location", ""),
                    get(environment, "keystore-password", ""), get(environment, "keystore-type", ""),
                    get(environment, "key-password", ""));
        }

        private static String get(PropertyResolver environment, String name, String otherwise) {
            String value = environment.getProperty("sra.kafka." + name);
            return value == null || value.isBlank() ? otherwise : value.trim();
        }

        /** Never shows a password. */
        @Override
        public String toString() {
            return "KafkaSecurity.Settings[securityProtocol=" + securityProtocol + ", saslMechanism=" + saslMechanism
                    + ", username=" + username + ", password=" + masked(password) + ", truststoreLocation="
                    + truststoreLocation + ", truststorePassword=" + masked(truststorePassword) + ", truststoreType="
                    + truststoreType + ", keystoreLocation=" + keystoreLocation + ", keystorePassword="
                    + masked(keystorePassword) + ", keystoreType=" + keystoreType + ", keyPassword="
                    + masked(keyPassword) + "]";
        }

        private static String masked(String secret) {
            return secret.isEmpty() ? "" : "******";
        }
    }

    /**
     * The Kafka client properties for these settings; empty for {@code PLAINTEXT}.
     *
     * @throws IllegalStateException when the settings are incomplete or unknown (named by their
     *                               environment variable; no value is repeated)
     */
    public static Map<String, String> clientProperties(Settings settings) {
        String protocol = settings.securityProtocol();
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalStateException("SRA_KAFKA_SECURITY_PROTOCOL must be one of " + PROTOCOLS);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (protocol.equals("PLAINTEXT")) {
            return properties;
        }
        properties.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            String module = switch (settings.saslMechanism()) {
                case "SCRAM-SHA-512", "SCRAM-SHA-256" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
                case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
                default -> throw new IllegalStateException(
                        "SRA_KAFKA_SASL_MECHANISM must be SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN");
            };
            if (settings.username().isEmpty() || settings.password().isEmpty()) {
                throw new IllegalStateException("SRA_KAFKA_SECURITY_PROTOCOL=" + protocol
                        + " needs SRA_KAFKA_USERNAME and SRA_KAFKA_PASSWORD");
            }
            properties.put("sasl.mechanism", settings.saslMechanism());
            properties.put("sasl.jaas.config", module + " required username=" + quoted(settings.username())
                    + " password=" + quoted(settings.password()) + ";");
        }
        if (protocol.endsWith("SSL")) {
            putIfSet(properties, "ssl.truststore.location", settings.truststoreLocation());
            putIfSet(properties, "ssl.truststore.password", settings.truststorePassword());
            putIfSet(properties, "ssl.truststore.type", settings.truststoreType());
            putIfSet(properties, "ssl.keystore.location", settings.keystoreLocation());
            putIfSet(properties, "ssl.keystore.password", settings.keystorePassword());
            putIfSet(properties, "ssl.keystore.type", settings.keystoreType());
            putIfSet(properties, "ssl.key.password", settings.keyPassword());
        }
        return properties;
    }

    /**
     * Adds the client properties for {@code sra.kafka.*} under the binder's {@code configuration},
     * just above the kit's defaults: a service's own {@code configuration} entries still win.
     */
    static void apply(ConfigurableEnvironment environment) {
        if (environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Map<String, Object> source = new LinkedHashMap<>();
        clientProperties(Settings.from(environment)).forEach((key, value) -> source.put(CONFIGURATION + key, value));
        if (source.isEmpty()) {
            return;
        }
        MapPropertySource properties = new MapPropertySource(SOURCE, source);
        if (environment.getPropertySources().contains(KitDefaults.SOURCE)) {
            environment.getPropertySources().addBefore(KitDefaults.SOURCE, properties);
        } else {
            environment.getPropertySources().addLast(properties);
        }
    }

    /**
     * What a Kafka client of the kit is configured with: the binder's brokers and its
     * {@code configuration} (security included), as the binder's own clients are.
     */
    public static Map<String, Object> clientConfiguration(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Object> config = new LinkedHashMap<>(binder.bind("spring.cloud.stream.kafka.binder.configuration",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        config.put("bootstrap.servers", binder.bind("spring.cloud.stream.kafka.binder.brokers", String.class)
                .orElse("localhost:9092"));
        return config;
    }

    /** A JAAS option value in double quotes, with backslashes and quotes escaped. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static void putIfSet(Map<String, String> properties, String key, String value) {
        if (!value.isEmpty()) {
            properties.put(key, value);
        }
    }
}
