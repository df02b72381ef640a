package org.sra.local.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.sra.fixtures.ad.DemoDirectory;

/**
 * The head-of-line property: while one tenant's bulk change drains through the outbox relay,
 * the broker and the consumers, another tenant's single assignment still reaches the headend
 * quickly. Tenant Y has VPN users from the demo directory, each with an unassigned device
 * without device authentication, and its headend (radclient on this machine) registered; one
 * repeat assigns a user their device and polls radclient until the Access-Accept, which needs
 * the {@code DeviceAssigned} at auth-service and the profile that profile-service makes of it
 * ({@code ProfileSettingsChanged}) there too.
 */
public final class HeadOfLine {

    /** Enabled demo directory users, one per repeat. */
    public static final List<String> DIRECTORY_USERS = List.of("taro.yamada", "hanako.sato", "ichiro.suzuki",
            "yuki.tanaka", "alice.johnson", "carol.lee");
    private static final Duration SETTLE = Duration.ofSeconds(120);

    private final Lab lab;
    private final LabTenant y;
    private final Radclient headend;
    private final List<Assignee> assignees;

    private HeadOfLine(Lab lab, LabTenant y, Radclient headend, List<Assignee> assignees) {
        this.lab = lab;
        this.y = y;
        this.headend = headend;
        this.assignees = assignees;
    }

    /** A VPN user of Y with the device a repeat will assign. */
    public record Assignee(LabTenant.VpnUser user, String deviceId) {
    }

    /**
     * One repeat: the assignment's answer and the first Access-Accept, both as wall-clock
     * instants (auth-service's decision log uses the same clock), and what the decision log
     * said in between.
     *
     * @param assignStatus       the assignment's HTTP status through the gateway
     * @param assignAnswer       how long the assignment took to answer
     * @param savedAfterRequest  from sending the assignment to when it was known saved: its 2xx answer, or
     *                           (when the gateway gave up first) the first GET that shows it
     * @param latency            from the assignment's being known saved to radclient's Access-Accept answer
     * @param acceptRequestAfter from the assignment's answer to the start of the accepted request
     * @param deviceAtAuth       from the assignment's answer to auth-service's first decision that
     *                           no longer says NO_DEVICE (its {@code DeviceAssigned} had arrived); null if none
     * @param requests           Access-Requests sent until the accept
     * @param bulkHandledAtAssign events of the bulk type auth-service had handled (its counter) right after
     *                            the assignment's answer
     * @param bulkHandledAtAccept the same counter right after the accept
     */
    public record Repeat(String user, Instant assigned, int assignStatus, Duration assignAnswer,
                         Duration savedAfterRequest, Duration latency,
                         Duration acceptRequestAfter, Duration deviceAtAuth, int requests, List<String> reasons,
                         double bulkHandledAtAssign, double bulkHandledAtAccept) {
    }

    /**
     * Registers Y's headend, points Y at the demo directory, adds {@code users} directory users
     * with the picker and gives each an unassigned device; returns once auth-service rejects each
     * of them for NO_DEVICE (it knows the headend, the directory and the user).
     */
    public static HeadOfLine prepare(Lab lab, LabTenant y, String nasSecret, int users) {
        return prepare(lab, y, "127.0.0.1", nasSecret, users);
    }

    /**
     * As {@link #prepare(Lab, LabTenant, String, int)}, with Y's headend sending from {@code headend}
     * (a loopback address other than 127.0.0.1 when another tenant's headend on this machine has that).
     */
    public static HeadOfLine prepare(Lab lab, LabTenant y, String headend, String nasSecret, int users) {
        if (users > DIRECTORY_USERS.size()) {
            throw new IllegalArgumentException("at most " + DIRECTORY_USERS.size() + " repeats");
        }
        y.registerNasClient(headend, nasSecret);
        y.useDemoDirectory();
        List<LabTenant.VpnUser> added = y.addUsers(DIRECTORY_USERS.subList(0, users));
        List<Assignee> assignees = new ArrayList<>();
        for (LabTenant.VpnUser user : added) {
            assignees.add(new Assignee(user, y.createDevice("hol-" + user.userName())));
        }
        Radclient radclient = new Radclient(lab.radiusAuthPort(), nasSecret, headend);
        HeadOfLine scenario = new HeadOfLine(lab, y, radclient, assignees);
        for (Assignee assignee : assignees) {
            y.awaitKnownToDeviceService(assignee.user().userId(), SETTLE);
            Waits.until("auth-service rejects " + assignee.user().userName() + " for NO_DEVICE", SETTLE, () -> {
                radclient.authenticate(assignee.user().userName(), DemoDirectory.USER_PASSWORD);
                List<String> reasons = scenario.reasons(assignee.user().userName(), Instant.EPOCH);
                return !reasons.isEmpty() && reasons.getLast().equals("NO_DEVICE");
            });
        }
        return scenario;
    }

    public List<Assignee> assignees() {
        return assignees;
    }

    /**
     * Assigns repeat {@code index}'s device and sends Access-Requests until one is accepted.
     *
     * @param bulkType the event type of the bulk change whose handling at auth-service is read at the accept
     */
    public Repeat assignAndConnect(int index, Duration within, String bulkType) {
        Assignee assignee = assignees.get(index);
        String userName = assignee.user().userName();
        long requested = System.nanoTime();
        Api.Answer answer = y.assign(assignee.user().userId(), List.of(assignee.deviceId()));
        if (!answer.ok()) {
            // the gateway may give up (503 after its 10 s limit) while device-service still saves it
            System.out.printf("Y's assignment of %s answered %d after %,d ms: %s%n", userName, answer.status(),
                    answer.took().toMillis(), answer.abbreviated());
            Waits.until("Y's assignment of " + userName + " shows in GET /api/assignments after HTTP " + answer.status(),
                    within, () -> assigned(assignee));
        }
        Instant assigned = Instant.now();
        long assignedNanos = System.nanoTime();
        long deadline = assignedNanos + within.toNanos();
        // read beside the first requests, so that the scrape does not delay them
        CompletableFuture<Double> handledAtAssign =
                CompletableFuture.supplyAsync(() -> handled(bulkType));
        // Two probes, each sending an Access-Request, waiting for its answer and 50 ms, the second
        // started half a round later: the accept is seen within about half a radclient round of
        // becoming possible, instead of within a whole one (a round is 100-300 ms when loaded).
        AtomicInteger requests = new AtomicInteger();
        CompletableFuture<long[]> accepted = new CompletableFuture<>();
        List<Thread> probes = new ArrayList<>();
        for (int probe = 0; probe < 2; probe++) {
            long startAt = assignedNanos + probe * 100_000_000L;
            probes.add(Thread.ofPlatform().daemon().name("radclient-probe-" + probe).start(() -> {
                Waits.pause(Math.max(0, (startAt - System.nanoTime()) / 1_000_000));
                while (!accepted.isDone() && System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    Radclient.Answer reply = headend.authenticate(userName, DemoDirectory.USER_PASSWORD);
                    long received = System.nanoTime();
                    requests.incrementAndGet();
                    if (reply.accepted()) {
                        accepted.complete(new long[] {sent, received});
                        return;
                    }
                    Waits.pause(50);
                }
            }));
        }
        long[] times;
        try {
            times = accepted.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no Access-Accept for " + userName + " within " + within.toSeconds()
                    + " s of the assignment; decisions since: " + timeline(userName, assigned));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        for (Thread probe : probes) {
            try {
                probe.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double handled = handled(bulkType);
        List<String> log = timeline(userName, assigned);
        return new Repeat(userName, assigned, answer.status(), answer.took(),
                Duration.ofNanos(assignedNanos - requested), Duration.ofNanos(times[1] - assignedNanos),
                Duration.ofNanos(times[0] - assignedNanos), deviceAtAuth(userName, assigned), requests.get(), log,
                handledAtAssign.join(), handled);
    }

    private boolean assigned(Assignee assignee) {
        Api.Answer now = y.api().get("/api/assignments/" + assignee.user().userId(), y.adminToken());
        return now.ok() && now.body().contains(assignee.deviceId());
    }

    /** Events of {@code type} auth-service has handled (its counter, every tenant, duplicates skipped not counted). */
    private double handled(String type) {
        Metrics.Scrape auth = lab.metrics("auth").scrape();
        return auth.sum("sra_events_consumed_total", "type", type)
                - auth.sum("sra_events_consumed_total", "type", type, "outcome", "duplicate");
    }

    /** The reasons auth-service logged for the user since {@code since}, oldest first (ACCEPT for an accept). */
    List<String> reasons(String userName, Instant since) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode decision : decisions(userName, since)) {
            reasons.add("ACCEPT".equals(decision.path("result").asText()) ? "ACCEPT" : decision.path("reason").asText());
        }
        return reasons;
    }

    /** "+123 ms NO_DEVICE" lines since the assignment, oldest first, one per change of reason. */
    private List<String> timeline(String userName, Instant assigned) {
        List<String> lines = new ArrayList<>();
        String last = null;
        for (JsonNode decision : decisions(userName, assigned)) {
            String reason = "ACCEPT".equals(decision.path("result").asText()) ? "ACCEPT" : decision.path("reason").asText();
            if (!reason.equals(last)) {
                Instant at = Instant.parse(decision.path("decidedAt").asText());
                lines.add("+" + Duration.between(assigned, at).toMillis() + " ms " + reason);
                last = reason;
            }
        }
        return lines;
    }

    private Duration deviceAtAuth(String userName, Instant assigned) {
        for (JsonNode decision : decisions(userName, assigned)) {
            if (!"NO_DEVICE".equals(decision.path("reason").asText())) {
                return Duration.between(assigned, Instant.parse(decision.path("decidedAt").asText()));
            }
        }
        return null;
    }

    /** The user's decisions since {@code since}, oldest first. */
    private List<JsonNode> decisions(String userName, Instant since) {
        // a 503 with Retry-After (the gateway's circuit for auth-service open a moment while a stopped
        // replica was still tried) is asked again: this reads the timeline, it does not measure the API
        String path = "/api/auth/decisions?size=500&user=" + userName + "&from=" + since;
        Api.Answer answer = y.api().get(path, y.adminToken());
        for (int retry = 0; answer.status() == 503 && retry < 40; retry++) {
            Waits.pause(500);
            answer = y.api().get(path, y.adminToken());
        }
        JsonNode page = answer.expectOk().json();
        List<JsonNode> oldestFirst = new ArrayList<>();
        page.forEach(oldestFirst::add);
        return oldestFirst.reversed();
    }
}
