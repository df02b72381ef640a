package org.sra.local.bench;

import java.nio.file.Path;
import java.util.stream.IntStream;

import org.sra.local.DemoTokens;
import org.sra.local.Ports;
import org.sra.local.services.ServiceSpec;

/**
 * Where a running local stack answers, and tokens signed with its key.
 *
 * @param ports  the stack's ports (its {@code --port-offset})
 * @param tokens mints operator and admin tokens with the stack's JWT key
 * @param data   the stack's data directory (service logs under {@code logs/})
 */
public record Lab(Ports ports, DemoTokens tokens, Path data) {

    public Api gateway() {
        return new Api("http://127.0.0.1:" + ports.service(ServiceSpec.ALL.getLast()));
    }

    /** A service's own base URL, by short name: "device", "auth", "gateway", … */
    public String service(String shortName) {
        return "http://127.0.0.1:" + ports.service(spec(shortName));
    }

    /**
     * Where a service's {@code /actuator} answers: its own port, or for the gateway its management
     * port (the public port serves no {@code /actuator}).
     */
    public String management(String shortName) {
        return "http://127.0.0.1:" + ports.management(spec(shortName));
    }

    /** The service's metrics, summed over its instances when it runs several times ({@code --replicas}). */
    public Metrics metrics(String shortName) {
        ServiceSpec service = spec(shortName);
        return new Metrics(IntStream.range(0, ports.instances(service))
                .mapToObj(i -> "http://127.0.0.1:" + ports.management(service, i)).toList());
    }

    private static ServiceSpec spec(String shortName) {
        return ServiceSpec.ALL.stream().filter(s -> s.shortName().equals(shortName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + shortName));
    }

    public int radiusAuthPort() {
        return 1812 + ports.offset();
    }

    public String mailPage() {
        return "http://127.0.0.1:" + ports.mailWeb();
    }

    public String ldapHostPort() {
        return "127.0.0.1:" + ports.ldap();
    }

    public String kafka() {
        return "127.0.0.1:" + ports.kafka();
    }
}
