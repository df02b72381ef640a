package org.sra.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tenant on the stack's demo directory with generated directory users, each with one assigned
 * device, and its headend on 127.0.0.1, for the soak and the capacity run; decisions are sent by
 * {@code auth-service/bench/radload.py} (PAP with Message-Authenticator at a fixed rate, one JSON
 * line of sent / answered / accepted / p50 / p99).
 */
final class RadiusTenant {

    static final String NAS_SECRET = "soak-headend-secret-0123";

    private final Lab lab;
    private final Path root;
    private final String prefix;
    private final LabTenant tenant;
    private final List<LabTenant.VpnUser> users;

    private RadiusTenant(Lab lab, Path root, String prefix, LabTenant tenant, List<LabTenant.VpnUser> users) {
        this.lab = lab;
        this.root = root;
        this.prefix = prefix;
        this.tenant = tenant;
        this.users = users;
    }

    /** Sets the tenant up as its admin would, then waits until a short round at a low rate is all accepts. */
    static RadiusTenant prepare(Lab lab, Path root, String prefix, int userCount, String vpnPool) throws Exception {
        LabTenant tenant = LabTenant.create(lab, "Radius " + prefix, 2, vpnPool);
        tenant.registerNasClient("127.0.0.1", NAS_SECRET);
        tenant.useDemoDirectory();
        List<String> logins = DirectoryUsers.add(lab.ldapHostPort(), prefix, userCount);
        List<LabTenant.VpnUser> users = new ArrayList<>();
        for (int from = 0; from < logins.size(); from += 500) {
            users.addAll(tenant.addUsers(logins.subList(from, Math.min(logins.size(), from + 500))));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> done = new ArrayList<>();
            for (LabTenant.VpnUser user : users) {
                done.add(pool.submit(() -> {
                    tenant.awaitKnownToDeviceService(user.userId(), Duration.ofMinutes(3));
                    String device = tenant.createDevice(user.userName() + "-pc");
                    tenant.assign(user.userId(), List.of(device)).expectOk();
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        RadiusTenant prepared = new RadiusTenant(lab, root, prefix, tenant, List.copyOf(users));
        Waits.until("a round at 50 decisions/s accepted whole", Duration.ofMinutes(5), () -> {
            JsonNode round = prepared.radload(50, 4);
            return round.path("sent").asInt() > 0 && round.path("accepted").asInt() == round.path("sent").asInt();
        });
        return prepared;
    }

    LabTenant tenant() {
        return tenant;
    }

    List<LabTenant.VpnUser> users() {
        return users;
    }

    /** The start of every generated user's mail address ({@code <prefix>.00001@example.com}). */
    String mailPrefix() {
        return prefix + ".";
    }

    /** One radload.py latency round at {@code rate} decisions/s for {@code seconds}: its JSON answer. */
    JsonNode radload(int rate, int seconds) {
        Path script = root.resolve("auth-service/bench/radload.py");
        try {
            Process process = new ProcessBuilder("python3", script.toString(), "latency", "--port",
                    String.valueOf(lab.radiusAuthPort()), "--secret", NAS_SECRET, "--users", String.valueOf(users.size()),
                    "--rate", String.valueOf(rate), "--seconds", String.valueOf(seconds), "--user-format",
                    prefix + ".%05d").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            String last = out.lines().reduce((a, b) -> b).orElse("{}");
            return Api.JSON.readTree(last);
        } catch (IOException e) {
            throw new IllegalStateException("radload.py: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Mails on the stack's mail page to the generated users. */
    int mails() {
        int count = 0;
        for (JsonNode mail : new Api(lab.mailPage()).get("/api/messages", null).expectOk().json()) {
            for (JsonNode to : mail.path("to")) {
                if (to.asText().startsWith(mailPrefix())) {
                    count++;
                }
            }
        }
        return count;
    }
}
