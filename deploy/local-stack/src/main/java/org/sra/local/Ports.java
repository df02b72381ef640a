package org.sra.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sra.local.services.ServiceSpec;

/**
 * The stack's ports: the defaults below plus {@code --port-offset}; a service started several
 * times ({@code --replicas}) has instance k on its ports + 100 × k
 * ({@link ServiceSpec#INSTANCE_PORT_STEP}), auth-service's RADIUS ports included.
 *
 * @param replicas instances per service module; a module not named runs once
 */
public record Ports(int offset, Map<String, Integer> replicas) {

    public static final int RADIUS_AUTH = 1812;
    public static final int RADIUS_ACCT = 1813;

    public Ports {
        replicas = Map.copyOf(replicas);
    }

    /** Every service once. */
    public Ports(int offset) {
        this(offset, Map.of());
    }

    /** How many instances of {@code service} run. */
    public int instances(ServiceSpec service) {
        return replicas.getOrDefault(service.module(), 1);
    }

    /** The HTTP port of instance {@code instance} (0 for the first) of {@code service}. */
    public int service(ServiceSpec service, int instance) {
        return service.port(offset, instance);
    }

    /** Where instance {@code instance}'s {@code /actuator} answers. */
    public int management(ServiceSpec service, int instance) {
        return service.managementPort(offset, instance);
    }

    /** auth-service instance {@code instance}'s RADIUS authentication port (UDP). */
    public int radiusAuth(int instance) {
        return RADIUS_AUTH + offset + ServiceSpec.INSTANCE_PORT_STEP * instance;
    }

    /** auth-service instance {@code instance}'s RADIUS accounting port (UDP). */
    public int radiusAcct(int instance) {
        return RADIUS_ACCT + offset + ServiceSpec.INSTANCE_PORT_STEP * instance;
    }

    public static final int KAFKA = 9092;
    public static final int KAFKA_CONTROLLER = 9093;
    public static final int MONGO = 27017;
    public static final int SMTP = 2525;
    public static final int MAIL_WEB = 8025;
    public static final int LDAP = 10389;
    public static final int ENTRA = 8443;

    public int kafka() {
        return KAFKA + offset;
    }

    public int kafkaController() {
        return KAFKA_CONTROLLER + offset;
    }

    public int mongo() {
        return MONGO + offset;
    }

    public int smtp() {
        return SMTP + offset;
    }

    public int mailWeb() {
        return MAIL_WEB + offset;
    }

    public int ldap() {
        return LDAP + offset;
    }

    /** The Entra ID stand-in (HTTPS). */
    public int entra() {
        return ENTRA + offset;
    }

    public int service(ServiceSpec service) {
        return service.port(offset);
    }

    /** Where a service's {@code /actuator} answers: its own port, the gateway's management port. */
    public int management(ServiceSpec service) {
        return service.managementPort(offset);
    }

    /** Every port the stack listens on, by what listens there. */
    public Map<String, Integer> all(boolean withServices) {
        Map<String, Integer> all = new LinkedHashMap<>();
        all.put("Kafka", kafka());
        all.put("Kafka controller", kafkaController());
        all.put("MongoDB", mongo());
        all.put("SMTP", smtp());
        all.put("mail page", mailWeb());
        all.put("LDAP", ldap());
        all.put("Entra ID stand-in", entra());
        if (withServices) {
            ServiceSpec.ALL.forEach(service -> {
                for (int instance = 0; instance < instances(service); instance++) {
                    all.put(service.instanceName(instance), service(service, instance));
                    if (service.hasManagementPort()) {
                        all.put(service.instanceName(instance) + " management", management(service, instance));
                    }
                }
            });
        }
        return all;
    }

    /**
     * The ports of {@link #all} that something else already listens on, each described for a
     * message: the port, what the stack wanted it for, and the process holding it with how to
     * stop it, where that can be found out.
     */
    public List<String> busy(boolean withServices) {
        return all(withServices).entrySet().stream()
                .filter(port -> !isFree(port.getValue()))
                .map(port -> describe(port.getValue(), port.getKey()))
                .toList();
    }

    private static String describe(int port, String purpose) {
        return port + " (" + purpose + ")" + PortHolders.of(port)
                .map(holder -> ": held by process " + holder.pid() + " (" + holder.shortCommandLine(100)
                        + "); stop it with `kill " + holder.pid() + "` (`kill -9 " + holder.pid()
                        + "` if it does not end)")
                .orElse("");
    }

    /**
     * Whether nothing listens on the port on any address: a wildcard bind fails while anything
     * listens on it, on 127.0.0.1, ::1 or every address.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
