package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.local.bench.Api;
import org.sra.local.bench.HeadOfLine;
import org.sra.local.bench.Lab;
import org.sra.local.bench.LabTenant;
import org.sra.local.bench.Metrics;
import org.sra.local.bench.Radclient;
import org.sra.local.bench.Waits;
import org.sra.local.services.ServiceSpec;

/**
 * The platform with two instances of auth-, device-, profile- and notification-service and of the
 * gateway, on one broker and one store, as {@code LocalStackIntegrationTests} starts it: the
 * replicas agree. Each check counts what was lost or duplicated and says so in its message:
 * <ol>
 * <li>the same user asking both auth-service replicas at once gets one address, and no address goes
 * to two users (16 concurrent Access-Requests, two rounds with other users);</li>
 * <li>20 parallel additions of a device to one user, spread over both gateways and so both
 * device-service replicas, let exactly the contract's devices-per-user through;</li>
 * <li>a one-download link fetched 8 times at once over both gateways and both profile-service
 * replicas serves the file once;</li>
 * <li>24 links sent with two notification-service replicas give 24 mails, each once;</li>
 * <li>an admin's console session (the cookie the console holds) works whichever gateway answers,
 * and its logout at one ends it at the other;</li>
 * <li>scheduled jobs act once: a link past its validity is expired by one profile-service replica,
 * and a connected session whose address lease ran out is ended by one auth-service replica, though
 * both replicas look every second;</li>
 * <li>killing one notification-service replica ({@code kill -9}) in the middle of 24 sends loses
 * no mail and sends none twice.</li>
 * </ol>
 * Every check runs even when one before it failed; the failures are reported together at the end.
 * Needs radclient (the auth check is skipped without it).
 */
final class ReplicaChecks {

    /** The test stack's services started twice (LocalStackIntegrationTests). */
    static final String REPLICAS = "auth-service=2,device-service=2,profile-service=2,notification-service=2,gateway=2";
    /** Environment for the test stack only: scheduled jobs and fail-over made quick enough for a test. */
    static final Map<String, Map<String, String>> TEST_ENVIRONMENT = Map.of(
            // unused links checked every second instead of every minute (both replicas check)
            "profile-service", Map.of("SRA_PROFILE_EXPIRYCHECKINTERVAL", "PT1S"),
            // leases run out are looked for every second instead of every 30 s (both replicas look)
            "auth-service", Map.of("SRA_AUTH_LEASESWEEP", "1s"),
            // a killed replica's claimed deliveries are taken over after 10 s instead of 2 min, and its
            // partitions handed to the other replica after 6 s without heartbeat instead of 45 s
            "notification-service", Map.of("SRA_NOTIFICATION_DISPATCHER_LEASE", "10s",
                    "SPRING_APPLICATION_JSON", "{\"spring.cloud.stream.kafka.binder.consumer-properties\":"
                            + "{\"session.timeout.ms\":\"6000\",\"heartbeat.interval.ms\":\"1000\"}}"));

    private static final String HEADEND = "127.0.0.3";
    private static final String NAS_SECRET = "replica-check-secret-2026";
    private static final String POOL_PREFIX = "10.42.0.";
    private static final int DEVICES_PER_USER = 3;
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final Pattern LINK = Pattern.compile("http://localhost:\\d+(/download/[A-Za-z0-9_\\-]+)");
    private static final Pattern PROFILE_NAME = Pattern.compile("User profile ID: (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalStack stack;
    private final Lab lab;
    private final List<Api> gateways = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private LabTenant tenant;
    private RegistrationNotice notice;
    private List<HeadOfLine.Assignee> assignees;
    /** Each user's address, from the address check. */
    private final Map<String, String> addressOf = new TreeMap<>();

    ReplicaChecks(LocalStack stack, Path data) {
        this.stack = stack;
        this.lab = new Lab(stack.ports(), stack.tokens(), data);
        ServiceSpec gateway = ServiceSpec.named("gateway");
        for (int i = 0; i < stack.ports().instances(gateway); i++) {
            gateways.add(new Api("http://127.0.0.1:" + stack.ports().service(gateway, i)));
        }
    }

    /** Runs every check, then fails with all that went wrong, if anything did. */
    void run() {
        long began = System.nanoTime();
        assertThat(gateways).as("gateway instances").hasSize(2);
        timed("set-up (tenant, directory, 6 users with a device each, headend)", this::setUp);
        check("console session over both gateways", this::consoleSessionOnEitherGateway);
        if (Radclient.installed()) {
            check("one address per user over both auth-service replicas", this::oneAddressPerUser);
        } else {
            System.out.println("replica check skipped: radclient (freeradius-utils) is not installed");
        }
        check("devices-per-user limit over both device-service replicas", this::exactlyTheLimit);
        check("a one-download link over both profile-service replicas", this::oneDownloadServedOnce);
        check("24 mails with two notification-service replicas", () -> mailsEachOnce("replica-mails", null));
        check("link expiry acts once with two profile-service replicas", this::linkExpiresOnce);
        if (Radclient.installed()) {
            check("lease clean-up acts once with two auth-service replicas", this::leaseRunsOutOnce);
        }
        check("24 mails while a notification-service replica is killed", () -> mailsEachOnce("replica-kill",
                ServiceSpec.named("notification-service")));
        System.out.printf("replica checks took %,d ms%n", (System.nanoTime() - began) / 1_000_000);
        assertThat(failures).as("replica checks that failed").isEmpty();
    }

    // ---- set-up ---------------------------------------------------------------------------

    private record RegistrationNotice(String loginId, String initialPassword) {
    }

    private void setUp() {
        JsonNode created = gateways.get(0).post("/api/operator/tenants", lab.tokens().operator(), Map.of(
                "name", "Replicas R", "devicesPerUser", DEVICES_PER_USER, "vpnPool", POOL_PREFIX + "0/24"))
                .expectOk().json();
        tenant = LabTenant.existing(lab, created.path("tenantId").asText(), "Replicas R");
        notice = new RegistrationNotice(created.path("registrationNotice").path("loginId").asText(),
                created.path("registrationNotice").path("initialPassword").asText());
        Waits.until("device-service knows tenant R's contract", SETTLE, () -> {
            Api.Answer contract = tenant.api().get("/api/devices/contract", tenant.adminToken());
            return contract.ok() && contract.json().path("devicesPerUser").asInt() == DEVICES_PER_USER;
        });
        // users, each with a device of their own not yet assigned; auth-service rejects them for NO_DEVICE
        assignees = HeadOfLine.prepare(lab, tenant, HEADEND, NAS_SECRET, HeadOfLine.DIRECTORY_USERS.size()).assignees();
        List<Api.Answer> assigned = parallel(assignees.size(), i -> gateway(i).put(
                "/api/assignments/" + assignees.get(i).user().userId(), tenant.adminToken(),
                Map.of("deviceIds", List.of(assignees.get(i).deviceId()))));
        assigned.forEach(Api.Answer::expectOk);
    }

    // ---- 1. addresses ---------------------------------------------------------------------

    private void oneAddressPerUser() {
        List<Radclient> replicas = List.of(new Radclient(stack.ports().radiusAuth(0), NAS_SECRET, HEADEND),
                new Radclient(stack.ports().radiusAuth(1), NAS_SECRET, HEADEND));
        // the last user, assigned last, accepted by both replicas: both have seen the assignments
        String gate = assignees.getLast().user().userName();
        Map<String, Set<String>> addresses = new TreeMap<>();
        for (Radclient replica : replicas) {
            Radclient.Answer accepted = Waits.untilValue(() -> replica.authenticate(gate, DemoDirectory.USER_PASSWORD),
                    Radclient.Answer::accepted, SETTLE);
            addresses.computeIfAbsent(gate, u -> new LinkedHashSet<>()).add(accepted.attribute("Framed-IP-Address"));
        }
        List<List<String>> rounds = List.of(userNames(0, 3), userNames(3, 5));
        int requests = 16;
        int notAccepted = 0;
        List<String> refusals = new ArrayList<>();
        for (List<String> users : rounds) {
            CountDownLatch start = new CountDownLatch(1);
            List<Radclient.Answer> answers = parallel(requests, i -> {
                await(start);
                // users take turns; each user's requests go to both replicas
                return replicas.get((i / users.size()) % 2).authenticate(users.get(i % users.size()),
                        DemoDirectory.USER_PASSWORD);
            }, start);
            for (int i = 0; i < requests; i++) {
                Radclient.Answer answer = answers.get(i);
                String user = users.get(i % users.size());
                if (answer.accepted()) {
                    addresses.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(answer.attribute("Framed-IP-Address"));
                } else {
                    notAccepted++;
                    refusals.add(user + " at replica " + ((i / users.size()) % 2 + 1) + ": " + answer.outcome() + " "
                            + answer.attribute("Reply-Message"));
                }
            }
        }
        Map<String, List<String>> holders = new TreeMap<>();
        addresses.forEach((user, held) -> held.forEach(a -> holders.computeIfAbsent(a, x -> new ArrayList<>()).add(user)));
        Map<String, Set<String>> usersWithSeveral = addresses.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, List<String>> shared = holders.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        System.out.printf("  addresses by user: %s%n", addresses);
        addresses.forEach((user, held) -> addressOf.put(user, held.iterator().next()));
        assertThat(notAccepted).as("requests of %d not accepted (lost): %s", 2 * requests, refusals).isZero();
        assertThat(usersWithSeveral).as("users given more than one address at once").isEmpty();
        assertThat(shared).as("addresses given to more than one user").isEmpty();
        assertThat(addresses).as("users with an address").hasSize(6);
        assertThat(holders.keySet()).as("addresses from tenant R's pool").allMatch(a -> a.startsWith(POOL_PREFIX));
    }

    private List<String> userNames(int from, int to) {
        return assignees.subList(from, to).stream().map(a -> a.user().userName()).toList();
    }

    // ---- 2. devices per user -------------------------------------------------------------------

    private void exactlyTheLimit() {
        HeadOfLine.Assignee user = assignees.get(0);
        String userId = user.user().userId();
        int had = tenant.api().get("/api/assignments/" + userId, tenant.adminToken()).expectOk().json()
                .path("devices").size();
        List<String> devices = parallel(20, i -> tenant.createDevice("limit-" + (i + 1)));
        ServiceSpec device = ServiceSpec.named("device-service");
        String uri = "/api/assignments/{userId}/devices/{deviceId}";
        double[] before = perReplica(device, "http_server_requests_seconds_count", "uri", uri, "method", "POST");
        CountDownLatch start = new CountDownLatch(1);
        List<Api.Answer> answers = parallel(devices.size(), i -> {
            await(start);
            return gateway(i).post("/api/assignments/" + userId + "/devices/" + devices.get(i), tenant.adminToken(), Map.of());
        }, start);
        double[] after = perReplica(device, "http_server_requests_seconds_count", "uri", uri, "method", "POST");

        long ok = answers.stream().filter(Api.Answer::ok).count();
        long refused = answers.stream().filter(a -> a.status() == 409 && a.body().contains("assignment-limit-reached")).count();
        List<String> other = answers.stream().filter(a -> !a.ok() && !(a.status() == 409
                && a.body().contains("assignment-limit-reached"))).map(a -> a.status() + " " + a.abbreviated()).toList();
        int now = tenant.api().get("/api/assignments/" + userId, tenant.adminToken()).expectOk().json().path("devices").size();
        System.out.printf("  20 additions: %d accepted, %d refused at the limit, other %s; per device-service replica"
                + " %s requests; the user has %d devices (had %d)%n", ok, refused, other, delta(before, after), now, had);
        assertThat(other).as("answers neither accepted nor refused at the limit").isEmpty();
        assertThat(ok).as("additions let through (the limit is %d, the user had %d)", DEVICES_PER_USER, had)
                .isEqualTo(DEVICES_PER_USER - had);
        assertThat(now).as("devices the user has afterwards (over the limit: duplicated; under: lost)")
                .isEqualTo(DEVICES_PER_USER);
        assertThat(delta(before, after)).as("additions each device-service replica handled").allMatch(n -> n > 0);
    }

    // ---- 3. one download ------------------------------------------------------------------------

    private void oneDownloadServedOnce() {
        String profileId = profileId(assignees.get(1));
        String recipient = "replica-download@example.com";
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("recipient", recipient);
        send.put("subject", "replica download check");
        send.put("validityDays", 1);
        send.put("maxDownloads", 1);
        send.put("language", "en");
        tenant.api().post("/api/profiles/" + profileId + "/send", tenant.adminToken(), send).expectOk();
        String path = Waits.untilValue(() -> mails().stream().filter(m -> m.to().contains(recipient))
                .map(Mail::link).filter(l -> l != null).findFirst().orElse(null), l -> l != null, SETTLE);
        ServiceSpec profile = ServiceSpec.named("profile-service");
        double[] served = perReplica(profile, "sra_profile_downloads_total", "outcome", "served");
        double[] requests = perReplica(profile, "http_server_requests_seconds_count", "method", "GET", "uri", "/download/{token}");

        CountDownLatch start = new CountDownLatch(1);
        List<HttpResponse<String>> answers = parallel(8, i -> {
            await(start);
            return get(gateways.get(i % 2).base() + path);
        }, start);

        long files = answers.stream().filter(a -> a.statusCode() == 200 && a.body().contains("<AnyConnectProfile")).count();
        long gone = answers.stream().filter(a -> a.statusCode() == 410).count();
        double[] servedAfter = perReplica(profile, "sra_profile_downloads_total", "outcome", "served");
        double[] requestsAfter = perReplica(profile, "http_server_requests_seconds_count", "method", "GET", "uri",
                "/download/{token}");
        System.out.printf("  8 downloads at once: %d files, %d × 410, statuses %s; served per replica %s, requests per"
                + " replica %s%n", files, gone, answers.stream().map(HttpResponse::statusCode).toList(),
                delta(served, servedAfter), delta(requests, requestsAfter));
        assertThat(files).as("files served for a one-download link fetched 8 times (0: lost, more: served twice)")
                .isEqualTo(1);
        assertThat(gone).as("the other fetches answered 410").isEqualTo(7);
        assertThat(delta(served, servedAfter).stream().mapToInt(Integer::intValue).sum())
                .as("downloads counted as served by the two replicas together").isEqualTo(1);
        assertThat(delta(requests, requestsAfter)).as("downloads each profile-service replica answered").allMatch(n -> n > 0);
    }

    // ---- 4 and 7. mails ------------------------------------------------------------------------

    /**
     * 24 links sent, in three sends of 8 profiles each (the user's directory address), with a subject
     * of their own; when {@code kill} is given, its second instance is killed with SIGKILL once the
     * first mails arrived.
     */
    private void mailsEachOnce(String name, ServiceSpec kill) {
        List<String> profileIds = Waits.untilValue(this::profileIds, ids -> ids.size() >= 8, SETTLE).subList(0, 8);
        List<String> subjects = List.of(name + " 1", name + " 2", name + " 3");
        Instant began = Instant.now();
        String killed = null;
        for (String subject : subjects) {
            Map<String, Object> send = new LinkedHashMap<>();
            send.put("profileIds", profileIds);
            send.put("subject", subject);
            send.put("validityDays", 7);
            send.put("maxDownloads", 3);
            send.put("language", "en");
            Api.Answer sent = tenant.api().post("/api/profiles/send", tenant.adminToken(), send);
            assertThat(sent.status()).as("send of %s: %s", subject, sent.abbreviated()).isEqualTo(200);
            if (kill != null && killed == null) {
                // the replica that has consumed more of the profile events: the one most likely at work now
                double[] consumed = perReplica(kill, "sra_events_consumed_total", "type", "ProfileIssued");
                int victimIndex = consumed[1] >= consumed[0] ? 1 : 0;
                ChildProcess victim = stack.instance(kill, victimIndex);
                int before = ofRun(name).size();
                victim.process().destroyForcibly(); // SIGKILL: no shutdown; claims, offsets and leases left as they were
                Waits.until(kill.instanceName(victimIndex) + " has ended", Duration.ofSeconds(10), () -> !victim.isAlive());
                killed = kill.instanceName(victimIndex) + " (pid " + victim.pid() + ", events consumed per replica "
                        + Arrays.toString(consumed) + ") after the first send, " + before + " mails in";
            }
        }
        long sentAt = System.nanoTime();
        Waits.until("24 mails of " + name, SETTLE, () -> ofRun(name).size() >= 24);
        long arrived = System.nanoTime();
        // a duplicate would come from a second delivery or a second sending of one: count only once
        // notification-service's log holds every delivery of the run as SENT, none left to send
        List<String> states = Waits.untilValue(() -> deliveriesSince(began), all -> all.size() >= 24
                && all.stream().allMatch("SENT"::equals), SETTLE);
        List<Mail> mails = ofRun(name);
        Map<String, Long> bySubjectAndProfile = mails.stream().collect(Collectors.groupingBy(
                m -> m.subject() + " / " + m.profileName(), TreeMap::new, Collectors.counting()));
        Map<String, Long> byLink = mails.stream().collect(Collectors.groupingBy(m -> String.valueOf(m.link()),
                Collectors.counting()));
        long duplicated = bySubjectAndProfile.values().stream().mapToLong(n -> n - 1).sum();
        long lost = 24 - bySubjectAndProfile.size();
        System.out.printf("  %s: 24 links sent, %d mails %,d ms after the last send%s; %d deliveries logged; lost %d,"
                        + " duplicated %d%n", name, mails.size(), (arrived - sentAt) / 1_000_000,
                killed == null ? "" : "; killed " + killed, states.size(), lost, duplicated);
        assertThat(lost).as("links whose mail never came (%s)", bySubjectAndProfile.keySet()).isZero();
        assertThat(duplicated).as("mails sent more than once (%s)", bySubjectAndProfile).isZero();
        assertThat(byLink).as("mails by download link").hasSize(24).allSatisfy((link, n) -> assertThat(n).isEqualTo(1));
        assertThat(states).as("deliveries notification-service logged for the 24 links").hasSize(24);
    }

    private List<Mail> ofRun(String name) {
        return mails().stream().filter(m -> m.subject().startsWith(name + " ")).toList();
    }

    /**
     * The states of tenant R's deliveries created since {@code since}, from notification-service's log
     * through the gateway (newest first, one page); empty while the gateway answers 503 (a replica
     * just killed: the call that finds it gone falls back).
     */
    private List<String> deliveriesSince(Instant since) {
        Waits.pause(400); // the log is read by a query over all deliveries: not more often than this
        Api.Answer log = tenant.api().get("/api/notifications/deliveries?size=200", tenant.adminToken());
        if (log.status() == 503) {
            return List.of();
        }
        List<String> states = new ArrayList<>();
        for (JsonNode delivery : log.expectOk().json().path("items")) {
            if (!Instant.parse(delivery.path("createdAt").asText()).isBefore(since)) {
                states.add(delivery.path("state").asText());
            }
        }
        return states;
    }

    // ---- 5. console session ----------------------------------------------------------------------

    private void consoleSessionOnEitherGateway() {
        String first = gateways.get(0).base();
        String second = gateways.get(1).base();
        HttpResponse<String> login = post(first + "/ui/session/login", Map.of(), null,
                Map.of("loginId", notice.loginId(), "password", notice.initialPassword()));
        assertThat(login.statusCode()).as("login at gateway 1: %s", login.body()).isEqualTo(200);
        Map<String, String> cookies = cookies(login);
        assertThat(cookies).containsKeys("SRA_SESSION", "XSRF-TOKEN");

        // the first login's forced password change, a cookie-authenticated write, at the other gateway
        String newPassword = "Replica-Check-Passw0rd!";
        HttpResponse<String> changed = post(second + "/ui/session/password", cookies, cookies.get("XSRF-TOKEN"),
                Map.of("currentPassword", notice.initialPassword(), "newPassword", newPassword));
        assertThat(changed.statusCode()).as("password change at gateway 2: %s", changed.body()).isEqualTo(200);
        cookies.putAll(cookies(changed));
        HttpResponse<String> withoutCsrf = post(second + "/ui/session/refresh", cookies, null, Map.of());
        assertThat(withoutCsrf.statusCode()).as("a write without the CSRF token at gateway 2").isEqualTo(403);

        for (String gateway : List.of(first, second, first, second)) {
            HttpResponse<String> me = get(gateway + "/api/account/me", cookies);
            assertThat(me.statusCode()).as("GET /api/account/me at %s with the session cookie: %s", gateway, me.body())
                    .isEqualTo(200);
            assertThat(me.body()).contains(tenant.id());
            HttpResponse<String> contract = get(gateway + "/api/devices/contract", cookies);
            assertThat(contract.statusCode()).as("the contract at %s: %s", gateway, contract.body()).isEqualTo(200);
        }
        HttpResponse<String> logout = post(second + "/ui/session/logout", cookies, cookies.get("XSRF-TOKEN"), Map.of());
        assertThat(logout.statusCode()).as("logout at gateway 2: %s", logout.body()).isIn(200, 204);
        HttpResponse<String> after = get(first + "/api/account/me", cookies);
        assertThat(after.statusCode()).as("the ended session's cookie at gateway 1: %s", after.body()).isEqualTo(401);
    }

    // ---- 6. scheduled job ------------------------------------------------------------------------

    /**
     * An unused link whose validity ended: the store is told so directly (a link lives at least a day),
     * and both profile-service replicas, checking every second, look at it; it expires once.
     */
    private void linkExpiresOnce() throws Exception {
        HeadOfLine.Assignee user = assignees.get(2);
        String profileId = profileId(user);
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("recipient", "replica-expiry@example.com");
        send.put("subject", "replica expiry check");
        send.put("validityDays", 1);
        send.put("maxDownloads", 1);
        tenant.api().post("/api/profiles/" + profileId + "/send", tenant.adminToken(), send).expectOk();
        Waits.until("the profile waits for its download", SETTLE, () -> status(profileId).startsWith("WAITING_DOWNLOAD"));
        ServiceSpec profile = ServiceSpec.named("profile-service");
        double[] before = perReplica(profile, "sra_profile_links_expired_total");
        int logged = logLines(profile, "The link of profile " + profileId + " ");

        try (StoreAccess store = new StoreAccess(stack.ports().mongo())) {
            store.pastValidity(tenant.id(), profileId);
        }
        Duration took = Waits.until("the link expired", Duration.ofSeconds(30), () -> status(profileId).equals("LINK_EXPIRED"));
        // both replicas check every second: three more seconds give each of them further checks
        Thread.sleep(3_000);
        double[] after = perReplica(profile, "sra_profile_links_expired_total");
        int loggedAfter = logLines(profile, "The link of profile " + profileId + " ");
        System.out.printf("  link expired %,d ms after its validity ended; expiries per replica %s, log lines %d%n",
                took.toMillis(), delta(before, after), loggedAfter - logged);
        assertThat(delta(before, after).stream().mapToInt(Integer::intValue).sum())
                .as("links expired by the two replicas together (0: lost, 2: expired twice)").isEqualTo(1);
        assertThat(loggedAfter - logged).as("'expired unused' lines in both replicas' logs").isEqualTo(1);
    }

    /**
     * A user connected (Accounting-Start) whose address lease ran out (moved into the past in the
     * store: a lease lives two hours): one replica's sweep ends the session, once.
     */
    private void leaseRunsOutOnce() throws Exception {
        String user = assignees.get(3).user().userName();
        String address = addressOf.get(user);
        assertThat(address).as("%s's address from the address check", user).isNotNull();
        Radclient accounting = new Radclient(stack.ports().radiusAcct(1), NAS_SECRET, HEADEND);
        Radclient.Answer start = accounting.account("Acct-Status-Type = Start, Acct-Session-Id = \"replica-lease-1\", "
                + "User-Name = \"" + user + "\", Framed-IP-Address = " + address);
        assertThat(start.output()).as(start.output()).contains("Received Accounting-Response");
        String sessionId = Waits.untilValue(() -> session(user, true), id -> id != null, SETTLE);
        ServiceSpec auth = ServiceSpec.named("auth-service");
        String stopped = "Session " + sessionId + " stopped: LEASE_EXPIRED";
        int logged = logLines(auth, stopped);

        try (StoreAccess store = new StoreAccess(stack.ports().mongo())) {
            store.pastLease(tenant.id(), address);
        }
        Duration took = Waits.until("the session ended for its lease", Duration.ofSeconds(30),
                () -> session(user, true) == null);
        // both replicas sweep every second: three more seconds give each of them further sweeps
        Thread.sleep(3_000);
        int loggedAfter = logLines(auth, stopped);
        String ended = tenant.api().get("/api/auth/sessions?live=false&user=" + user, tenant.adminToken()).expectOk().body();
        System.out.printf("  session ended %,d ms after its lease ran out; '%s' lines over both logs: %d%n",
                took.toMillis(), stopped, loggedAfter - logged);
        assertThat(ended).as("the ended session").contains(sessionId).contains("LEASE_EXPIRED");
        assertThat(loggedAfter - logged).as("sessions ended for the lease over both replicas (0: lost, 2: twice)")
                .isEqualTo(1);
    }

    /** The id of the user's session with Acct-Session-Id replica-lease-1 that is live (or not), or null. */
    private String session(String user, boolean live) {
        for (JsonNode session : tenant.api().get("/api/auth/sessions?live=" + live + "&user=" + user,
                tenant.adminToken()).expectOk().json()) {
            if (session.path("acctSessionId").asText().equals("replica-lease-1") && session.path("live").asBoolean() == live) {
                return session.path("id").asText();
            }
        }
        return null;
    }

    private String status(String profileId) {
        for (JsonNode p : tenant.api().get("/api/profiles", tenant.adminToken()).expectOk().json()) {
            if (p.path("profileId").asText().equals(profileId)) {
                return p.path("status").asText();
            }
        }
        return "";
    }

    /** Lines containing {@code text} in every instance's log of {@code service}. */
    private int logLines(ServiceSpec service, String text) throws IOException {
        int lines = 0;
        for (int i = 0; i < stack.ports().instances(service); i++) {
            Path log = stack.instance(service, i).logFile();
            try (var all = Files.lines(log, StandardCharsets.UTF_8)) {
                lines += (int) all.filter(line -> line.contains(text)).count();
            }
        }
        return lines;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Api gateway(int i) {
        return gateways.get(i % gateways.size());
    }

    private String profileId(HeadOfLine.Assignee assignee) {
        String id = assignee.user().userId() + ":" + assignee.deviceId();
        Waits.until("profile-service has profile " + id, SETTLE, () -> profileIds().contains(id));
        return id;
    }

    private List<String> profileIds() {
        List<String> ids = new ArrayList<>();
        tenant.api().get("/api/profiles", tenant.adminToken()).expectOk().json()
                .forEach(p -> ids.add(p.path("profileId").asText()));
        return ids;
    }

    /** A metric's value at each instance of {@code service}. */
    private double[] perReplica(ServiceSpec service, String metric, String... labels) {
        double[] values = new double[stack.ports().instances(service)];
        for (int i = 0; i < values.length; i++) {
            values[i] = new Metrics("http://127.0.0.1:" + stack.ports().management(service, i)).sum(metric, labels);
        }
        return values;
    }

    private static List<Integer> delta(double[] before, double[] after) {
        List<Integer> delta = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            delta.add((int) Math.round(after[i] - before[i]));
        }
        return delta;
    }

    /** A mail on the stack's mail page. */
    private record Mail(String id, List<String> to, String subject, String text) {

        /** The path of its download link, or null. */
        String link() {
            Matcher link = LINK.matcher(text);
            return link.find() ? link.group(1) : null;
        }

        /** The profile the mail is about, as the English mail names it (user name:device name). */
        String profileName() {
            Matcher name = PROFILE_NAME.matcher(text);
            return name.find() ? name.group(1) : "?";
        }
    }

    private List<Mail> mails() {
        JsonNode all = new Api("http://127.0.0.1:" + stack.ports().mailWeb()).get("/api/messages", null).expectOk().json();
        List<Mail> mails = new ArrayList<>();
        for (JsonNode m : all) {
            List<String> to = new ArrayList<>();
            m.path("to").forEach(t -> to.add(t.asText()));
            mails.add(new Mail(m.path("id").asText(), to, m.path("subject").asText(), m.path("text").asText()));
        }
        return mails;
    }

    private static HttpResponse<String> get(String url) {
        return get(url, Map.of());
    }

    private static HttpResponse<String> get(String url, Map<String, String> cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept-Language", "en").GET();
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookieHeader(cookies));
        }
        return send(request.build());
    }

    private static HttpResponse<String> post(String url, Map<String, String> cookies, String xsrf, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Accept-Language", "en")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookieHeader(cookies));
            }
            if (xsrf != null) {
                request.header("X-XSRF-TOKEN", xsrf);
            }
            return send(request.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The cookies an answer sets (name → value; an expired one with an empty value). */
    private static Map<String, String> cookies(HttpResponse<?> answer) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String set : answer.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int equals = pair.indexOf('=');
            cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return cookies;
    }

    private static String cookieHeader(Map<String, String> cookies) {
        return cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    private static void await(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> List<T> parallel(int count, IntFunction<T> task) {
        return parallel(count, task, null);
    }

    /** {@code count} tasks on as many threads; {@code start}, when given, is opened once all are queued. */
    private static <T> List<T> parallel(int count, IntFunction<T> task, CountDownLatch start) {
        try (ExecutorService pool = Executors.newFixedThreadPool(count)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            if (start != null) {
                start.countDown();
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private interface Check {
        void run() throws Exception;
    }

    private void timed(String what, Check check) {
        long began = System.nanoTime();
        try {
            check.run();
        } catch (Exception e) {
            throw new IllegalStateException(what + ": " + e, e);
        }
        System.out.printf("replica %s: %,d ms%n", what, (System.nanoTime() - began) / 1_000_000);
    }

    /** Runs one check; a failure is kept for the end so that the checks after it still run. */
    private void check(String what, Check check) {
        long began = System.nanoTime();
        String outcome = "ok";
        try {
            check.run();
        } catch (AssertionError | Exception e) {
            outcome = "FAILED: " + e.getMessage();
            failures.add(what + ": " + e.getMessage());
            e.printStackTrace(System.out);
        }
        System.out.printf("replica check \"%s\": %s (%,d ms)%n", what, outcome, (System.nanoTime() - began) / 1_000_000);
    }
}
