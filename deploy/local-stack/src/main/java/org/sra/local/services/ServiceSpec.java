package org.sra.local.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One of the six services as the launcher sees it: its Maven module, the short name used for its
 * MongoDB database ({@code sra-<short name>}) and for {@code SRA_GATEWAY_SERVICES_<SHORT NAME>},
 * its port before {@code --port-offset}, and the port of its actuator (health probes, Prometheus):
 * the service's own port for the services behind the gateway, a port of its own for the gateway,
 * whose public port serves no {@code /actuator}.
 */
public record ServiceSpec(String module, String shortName, int basePort, int baseManagementPort) {

    /** The gateway's management port before {@code --port-offset} ({@code management.server.port}). */
    public static final int GATEWAY_MANAGEMENT_PORT = 9080;

    /** The services in the order they are listed; the gateway last because it fronts the others. */
    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("directory-service", "directory", 8081),
            new ServiceSpec("device-service", "device", 8082),
            new ServiceSpec("profile-service", "profile", 8083),
            new ServiceSpec("auth-service", "auth", 8084),
            new ServiceSpec("notification-service", "notification", 8085),
            new ServiceSpec("gateway", "gateway", 8080, GATEWAY_MANAGEMENT_PORT));

    /** A service whose actuator is on its own port. */
    public ServiceSpec(String module, String shortName, int basePort) {
        this(module, shortName, basePort, basePort);
    }

    /**
     * How far apart the ports of a service's instances are: instance k (0 for the first) listens on
     * its ports + {@value} × k, with {@code --replicas} (at most 9 instances, so that no instance's
     * port reaches another service's or Kafka's).
     */
    public static final int INSTANCE_PORT_STEP = 100;

    public int port(int portOffset) {
        return basePort + portOffset;
    }

    /** The port of instance {@code instance} (0 for the first). */
    public int port(int portOffset, int instance) {
        return port(portOffset) + INSTANCE_PORT_STEP * instance;
    }

    /** Where its {@code /actuator} answers (readiness, Prometheus). */
    public int managementPort(int portOffset) {
        return baseManagementPort + portOffset;
    }

    /** Where instance {@code instance}'s {@code /actuator} answers. */
    public int managementPort(int portOffset, int instance) {
        return managementPort(portOffset) + INSTANCE_PORT_STEP * instance;
    }

    /** The first instance is called by its module's name, the others {@code <module>-2}, {@code -3}, …. */
    public String instanceName(int instance) {
        return instance == 0 ? module : module + "-" + (instance + 1);
    }

    /** The service by its module name ({@code auth-service}) or short name ({@code auth}). */
    public static ServiceSpec named(String name) {
        return ALL.stream().filter(s -> s.module().equals(name) || s.shortName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** Whether the actuator has a port of its own, which the launcher must pass on and check is free. */
    public boolean hasManagementPort() {
        return baseManagementPort != basePort;
    }

    /** {@code <root>/<module>/target/<module>.jar}. */
    public Path jar(Path root) {
        return root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    /**
     * The jar to run: {@code target/<module>.jar}, or else a single Spring Boot jar named after the
     * module and its version, for a module built without a {@code finalName}.
     */
    public Optional<Path> findJar(Path root) {
        Path jar = jar(root);
        if (Files.isRegularFile(jar)) {
            return Optional.of(jar);
        }
        Path target = jar.getParent();
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (var files = Files.list(target)) {
            List<Path> versioned = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith(".jar") && !name.endsWith("-plain.jar")
                        && !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")
                        && !name.endsWith("-javadoc.jar");
            }).toList();
            return versioned.size() == 1 ? Optional.of(versioned.get(0)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The services whose jar is missing under {@code root}. */
    public static List<ServiceSpec> missingJars(Path root) {
        return ALL.stream().filter(service -> service.findJar(root).isEmpty()).toList();
    }
}
