package org.sra.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sra.local.services.ServiceSpec;

/** The stack's ports: the defaults below plus {@code --port-offset}. */
public record Ports(int offset) {

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
                all.put(service.module(), service(service));
                if (service.hasManagementPort()) {
                    all.put(service.module() + " management", service.managementPort(offset));
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
