package org.sra.local.services;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.sra.local.keys.KeyMaterial;

/**
 * Where the services find the rest of the stack, handed to each as environment variables
 * (Spring Boot's relaxed binding maps {@code SPRING_MONGODB_URI} to {@code spring.mongodb.uri}).
 */
public record ServiceWiring(int portOffset, String kafkaBrokers, int mongoPort, int smtpPort, String ldapUrl,
        KeyMaterial keys, Entra entra, Map<String, Integer> replicas) {

    public ServiceWiring {
        replicas = Map.copyOf(replicas);
    }

    /** Every service once. */
    public ServiceWiring(int portOffset, String kafkaBrokers, int mongoPort, int smtpPort, String ldapUrl,
            KeyMaterial keys, Entra entra) {
        this(portOffset, kafkaBrokers, mongoPort, smtpPort, ldapUrl, keys, entra, Map.of());
    }

    /** How many instances of {@code service} run. */
    public int instances(ServiceSpec service) {
        return replicas.getOrDefault(service.module(), 1);
    }

    /**
     * The Entra ID stand-in that plays Microsoft in the local stack.
     *
     * @param baseUrl        e.g. {@code https://127.0.0.1:8443/}: authority base and Graph base
     * @param trustStore     PKCS12 trust store holding its self-signed certificate
     * @param trustStorePass the trust store's password
     */
    public record Entra(String baseUrl, Path trustStore, String trustStorePass) {
    }

    /**
     * The seal contexts each service seals or opens (as its {@code sra.secrets.contexts} says):
     * it gets their keys and no others. gateway and device-service seal nothing.
     */
    public static final Map<String, Set<String>> SEAL_CONTEXTS = Map.of(
            "directory", Set.of("nas-secret", "ad-admin", "entra-secret", "local-password"),
            "auth", Set.of("nas-secret", "local-password"),
            "profile", Set.of("profile-url"),
            "notification", Set.of("profile-url"));

    /**
     * The services that open sealed values (profile-service only seals): they also get the previous
     * single key of a data directory that has one.
     */
    static final Set<String> OPENS_SEALED_VALUES = Set.of("directory", "auth", "notification");

    /** Without the Entra ID stand-in (services talk to Microsoft, as in production). */
    public ServiceWiring(int portOffset, String kafkaBrokers, int mongoPort, int smtpPort, String ldapUrl,
            KeyMaterial keys) {
        this(portOffset, kafkaBrokers, mongoPort, smtpPort, ldapUrl, keys, null);
    }

    /** The environment of a service's first (or only) instance. */
    public Map<String, String> environment(ServiceSpec service) {
        return environment(service, 0);
    }

    /**
     * The environment of instance {@code instance} (0 for the first) of a service: the same store,
     * broker, keys and settings as every other instance, its own ports (+ 100 × instance).
     */
    public Map<String, String> environment(ServiceSpec service, int instance) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(service.port(portOffset, instance)));
        if (service.hasManagementPort()) {
            // the gateway's health and metrics: on a port of their own, reachable from this machine only
            env.put("MANAGEMENT_SERVER_PORT", String.valueOf(service.managementPort(portOffset, instance)));
            env.put("MANAGEMENT_SERVER_ADDRESS", servicesAddress());
        }
        env.put("SPRING_MONGODB_URI", "mongodb://127.0.0.1:" + mongoPort + "/sra-" + service.shortName());
        env.put("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", kafkaBrokers);
        env.put("SRA_SECURITY_JWT_PUBLIC_KEY_LOCATION", "file:" + keys.publicKeyFile());
        Set<String> contexts = SEAL_CONTEXTS.getOrDefault(service.shortName(), Set.of());
        if (!contexts.isEmpty()) {
            // only the keys of the contexts this service seals or opens, never the master key
            env.put("SRA_SECRETS_KEYS", keys.secretsKeys(contexts));
        }
        if (OPENS_SEALED_VALUES.contains(service.shortName())) {
            // values sealed before the keys were separated still open where they are opened
            keys.previousSecretsKeyIfAny().ifPresent(previous -> env.put("SRA_SECRETS_KEY", previous));
        }
        env.put("SRA_LOCAL_LDAP_URL", ldapUrl);
        if (!service.shortName().equals("gateway")) {
            // behind the gateway: reachable from this machine only, unless asked otherwise
            env.put("SERVER_ADDRESS", servicesAddress());
        }
        switch (service.shortName()) {
            case "directory" -> {
                env.put("SRA_SECURITY_JWT_PRIVATE_KEY_LOCATION", "file:" + keys.privateKeyFile());
                env.put("SRA_OPERATOR_INITIAL_PASSWORD", keys.operatorInitialPassword());
                env.put("SRA_CONSOLE_BASE_URL", "http://localhost:" + (8080 + portOffset));
                // the demo AD listens on 127.0.0.1: allow loopback AD addresses (development only)
                env.put("SRA_DIRECTORY_ADCHECK_ALLOWLOOPBACK", "true");
                if (entra != null) {
                    env.put("SRA_ENTRA_AUTHORITYBASE", entra.baseUrl());
                    env.put("SRA_ENTRA_GRAPHBASE", entra.baseUrl());
                    env.put("SRA_ENTRA_TRUSTSTORE", entra.trustStore().toUri().toString());
                    env.put("SRA_ENTRA_TRUSTSTOREPASSWORD", entra.trustStorePass());
                }
            }
            case "notification" -> {
                env.put("SPRING_MAIL_HOST", "127.0.0.1");
                env.put("SPRING_MAIL_PORT", String.valueOf(smtpPort));
            }
            case "profile" -> // download links in the mails point at this stack's gateway
                    env.put("SRA_PROFILE_PUBLIC_BASE_URL", "http://localhost:" + (8080 + portOffset));
            case "auth" -> {
                int step = ServiceSpec.INSTANCE_PORT_STEP * instance;
                env.put("SRA_RADIUS_AUTH_PORT", String.valueOf(1812 + portOffset + step));
                env.put("SRA_RADIUS_ACCT_PORT", String.valueOf(1813 + portOffset + step));
                // domain controllers are dialled on the demo directory's port, not 389
                env.put("SRA_AUTH_DIRECTORY_LDAPPORT", String.valueOf(URI.create(ldapUrl).getPort()));
                if (entra != null) {
                    env.put("SRA_AUTH_DIRECTORY_ENTRAAUTHORITY", entra.baseUrl());
                    // MSAL4J uses the JVM's default TLS context: trust the stand-in's certificate there
                    env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + entra.trustStore()
                            + " -Djavax.net.ssl.trustStorePassword=" + entra.trustStorePass()
                            + " -Djavax.net.ssl.trustStoreType=PKCS12");
                }
            }
            case "gateway" -> ServiceSpec.ALL.stream()
                    .filter(other -> !other.shortName().equals("gateway"))
                    .forEach(other -> {
                        String name = other.shortName().toUpperCase(Locale.ROOT);
                        env.put("SRA_GATEWAY_SERVICES_" + name, "http://127.0.0.1:" + other.port(portOffset));
                        if (instances(other) > 1) {
                            // every instance, taken in turn (the gateway's ServiceInstances filter)
                            env.put("SRA_GATEWAY_INSTANCES_" + name, IntStream.range(0, instances(other))
                                    .mapToObj(i -> "http://127.0.0.1:" + other.port(portOffset, i))
                                    .collect(Collectors.joining(",")));
                        }
                    });
            default -> { }
        }
        return env;
    }

    /**
     * The address the services behind the gateway listen on: 127.0.0.1, or what
     * {@code SRA_LOCAL_SERVICES_ADDRESS} says (e.g. {@code 0.0.0.0} to reach them from elsewhere).
     * The gateway and auth-service's RADIUS ports are not affected.
     */
    static String servicesAddress() {
        String asked = System.getenv("SRA_LOCAL_SERVICES_ADDRESS");
        return asked == null || asked.isBlank() ? "127.0.0.1" : asked.strip();
    }
}
