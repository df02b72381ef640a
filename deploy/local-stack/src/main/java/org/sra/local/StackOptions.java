package org.sra.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.sra.local.services.ServiceSpec;

/**
 * The launcher's options. Each has a system property too ({@code -Dsra.root=...}), which the
 * command line overrides.
 *
 * @param root         the repository root holding {@code <module>/target/<module>.jar}
 * @param data         where everything is kept between starts
 * @param portOffset   added to every port, to run a second stack beside the first
 * @param readyTimeout how long to wait for the services to be ready
 * @param infraOnly    start Kafka, MongoDB, mail and LDAP but no service (to run one from an IDE)
 * @param kafkaLibs    Kafka's jars; null for the {@code kafka-libs} folder beside the launcher
 * @param replicas     how many instances of a service to start, by module; a service not named runs once
 */
public record StackOptions(Path root, Path data, int portOffset, Duration readyTimeout, boolean infraOnly,
        Path kafkaLibs, Map<String, Integer> replicas) {

    /** At most this many instances of one service: instance k's ports are its ports + 100 × k (see {@link Ports}). */
    public static final int MAX_REPLICAS = 9;

    public static final String USAGE = """
            Usage: run-local.sh [--no-build] [options]
                   java -jar deploy/local-stack/target/local-stack.jar [options]

            Starts Kafka, MongoDB (embedded), a mail catcher, a demo Active Directory and the six
            SRA services on this machine. Ctrl-C stops everything; the next start keeps the data.

              --data <dir>          data directory (default ./data)              -Dsra.data
              --root <dir>          repository root with the built services     -Dsra.root
                                    (default: the current directory)
              --port-offset <n>     add n to every port (default 0)             -Dsra.port-offset
              --ready-timeout <s>   seconds to wait for the services (default 180)
              --infra-only          start Kafka, MongoDB, mail and LDAP only
              --kafka-libs <dir>    Kafka's jars (default: kafka-libs beside local-stack.jar)
              --replicas <list>     start several instances of services, e.g.   -Dsra.replicas
                                    auth-service=2,device-service=2,gateway=2 (1-9 each;
                                    instance k listens on the service's ports + 100 x k)
              --help                this text
            """;

    public StackOptions {
        root = root.toAbsolutePath().normalize();
        data = data.toAbsolutePath().normalize();
        if (portOffset < 0 || portOffset > 30000) {
            throw new IllegalArgumentException("--port-offset must be between 0 and 30000, not " + portOffset);
        }
        replicas = Map.copyOf(replicas);
        replicas.forEach((module, count) -> {
            if (ServiceSpec.ALL.stream().noneMatch(service -> service.module().equals(module))) {
                throw new IllegalArgumentException("--replicas: no service " + module + " (services: "
                        + ServiceSpec.ALL.stream().map(ServiceSpec::module).collect(Collectors.joining(", ")) + ")");
            }
            if (count < 1 || count > MAX_REPLICAS) {
                throw new IllegalArgumentException("--replicas: " + module + " must run 1 to " + MAX_REPLICAS
                        + " times, not " + count);
            }
        });
    }

    /** Without replicas: every service once. */
    public StackOptions(Path root, Path data, int portOffset, Duration readyTimeout, boolean infraOnly,
            Path kafkaLibs) {
        this(root, data, portOffset, readyTimeout, infraOnly, kafkaLibs, Map.of());
    }

    /** How many instances of {@code service} run (1 unless {@code --replicas} says otherwise). */
    public int replicas(ServiceSpec service) {
        return replicas.getOrDefault(service.module(), 1);
    }

    public static StackOptions defaults() {
        return parse();
    }

    /**
     * @throws IllegalArgumentException for an unknown option or a missing or bad value
     */
    public static StackOptions parse(String... args) {
        Path root = Path.of(System.getProperty("sra.root", ""));
        Path data = Path.of(System.getProperty("sra.data", "data"));
        int offset = Integer.parseInt(System.getProperty("sra.port-offset", "0"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(System.getProperty("sra.ready-timeout", "180")));
        boolean infraOnly = Boolean.getBoolean("sra.infra-only");
        Path kafkaLibs = System.getProperty("sra.kafka-libs") == null ? null : Path.of(System.getProperty("sra.kafka-libs"));
        Map<String, Integer> replicas = replicaList("-Dsra.replicas", System.getProperty("sra.replicas", ""));

        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            String value = null;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            }
            switch (option) {
                case "--root" -> root = Path.of(value(option, value, rest));
                case "--data" -> data = Path.of(value(option, value, rest));
                case "--port-offset" -> offset = number(option, value(option, value, rest));
                case "--ready-timeout" -> timeout = Duration.ofSeconds(number(option, value(option, value, rest)));
                case "--infra-only" -> infraOnly = true;
                case "--kafka-libs" -> kafkaLibs = Path.of(value(option, value, rest));
                case "--replicas" -> replicas = replicaList(option, value(option, value, rest));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new StackOptions(root, data, offset, timeout, infraOnly, kafkaLibs, replicas);
    }

    public StackOptions withPortOffset(int offset) {
        return new StackOptions(root, data, offset, readyTimeout, infraOnly, kafkaLibs, replicas);
    }

    public StackOptions withData(Path dir) {
        return new StackOptions(root, dir, portOffset, readyTimeout, infraOnly, kafkaLibs, replicas);
    }

    public StackOptions withRoot(Path dir) {
        return new StackOptions(dir, data, portOffset, readyTimeout, infraOnly, kafkaLibs, replicas);
    }

    public StackOptions withInfraOnly(boolean only) {
        return new StackOptions(root, data, portOffset, readyTimeout, only, kafkaLibs, replicas);
    }

    public StackOptions withReplicas(Map<String, Integer> counts) {
        return new StackOptions(root, data, portOffset, readyTimeout, infraOnly, kafkaLibs, counts);
    }

    public Ports ports() {
        return new Ports(portOffset, replicas);
    }

    /** {@code auth-service=2,device-service=2}: module names with counts, comma-separated. */
    private static Map<String, Integer> replicaList(String option, String list) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(option + " needs service=count items, e.g. auth-service=2, not '"
                        + item.strip() + "'");
            }
            counts.put(item.substring(0, equals).strip(), number(option, item.substring(equals + 1).strip()));
        }
        return counts;
    }

    private static String value(String option, String inline, List<String> rest) {
        if (inline != null) {
            return inline;
        }
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
    }
}
