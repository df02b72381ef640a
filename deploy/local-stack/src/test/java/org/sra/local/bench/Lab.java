package org.sra.local.bench;

import java.nio.file.Path;

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

    /** A service's own base URL (for {@code /actuator/prometheus}), by short name: "device", "auth", … */
    public String service(String shortName) {
        ServiceSpec spec = ServiceSpec.ALL.stream().filter(s -> s.shortName().equals(shortName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + shortName));
        return "http://127.0.0.1:" + ports.service(spec);
    }

    public Metrics metrics(String shortName) {
        return new Metrics(service(shortName));
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
