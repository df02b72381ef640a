package org.sra.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.stereotype.Component;
import org.sra.events.secrets.SealContext;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.readmodel.LocalPasswordView;
import org.sra.auth.readmodel.ReadModel;
import org.sra.kit.secrets.SecretSealer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PreDestroy;

/**
 * Checks a LOCAL user's password (R-AUT-2, LOCAL) against the bcrypt hash that arrived sealed in
 * {@code LocalPasswordSet}. A cost-12 check is ~200 ms of CPU, so it runs on a small pool of
 * platform workers (never on the UDP receive thread, and not on the virtual threads that carry
 * the RADIUS handlers, whose few carriers it would pin), within the answer deadline; a full queue
 * answers {@link PasswordCheck#UNAVAILABLE} at once. Identical checks in flight share one bcrypt
 * run, and recent successes are remembered for {@code cache-ttl} under an HMAC-SHA-256 (process
 * key) of tenant, user, password and hash — the clear password is never kept — so a reconnect
 * storm does not burn the CPU; a new hash (password reset) misses that cache by construction.
 */
@Component
public class LocalPasswords implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPasswords.class);

    private final BiFunction<String, String, Optional<LocalPasswordView>> lookup;
    private final SecretSealer sealer;
    private final LocalPasswordSettings settings;
    private final ThreadPoolExecutor workers;
    private final SecretKeySpec cacheKey;
    private final Cache<String, Boolean> recentSuccesses;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter bcryptRuns;

    @Autowired
    LocalPasswords(ReadModel model, SecretSealer sealer, LocalPasswordSettings settings, MeterRegistry meters) {
        this(model::localPassword, sealer, settings, meters);
    }

    LocalPasswords(BiFunction<String, String, Optional<LocalPasswordView>> lookup, SecretSealer sealer,
                   LocalPasswordSettings settings, MeterRegistry meters) {
        this.lookup = lookup;
        this.sealer = sealer;
        this.settings = settings;
        int threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(Math.max(1, settings.queue())),
                Thread.ofPlatform().name("bcrypt-", 0).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
        Duration ttl = settings.cacheTtl().isNegative() ? Duration.ZERO : settings.cacheTtl();
        this.recentSuccesses = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(ttl.isZero() ? 0 : Math.max(0, settings.cacheMax()))
                .build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
        MeterRegistry registry = meters == null ? new SimpleMeterRegistry() : meters;
        this.cacheHits = Counter.builder("sra.auth.local.cache.hits")
                .description("LOCAL password checks answered from the recent-success cache").register(registry);
        this.bcryptRuns = Counter.builder("sra.auth.local.bcrypt")
                .description("LOCAL password checks that ran bcrypt").register(registry);
    }

    /**
     * @param userName the VPN user's listed name (the LOCAL user's name)
     * @return VALID, INVALID, UNKNOWN_ACCOUNT (no such LOCAL user, or deleted) or UNAVAILABLE
     *         (no worker in time)
     */
    public PasswordCheck verify(String tenantId, String userName, String password, Instant deadline) {
        if (password == null || password.isEmpty()) {
            return PasswordCheck.INVALID;
        }
        Optional<LocalPasswordView> entry = lookup.apply(tenantId, userName);
        if (entry.isEmpty() || entry.get().removed() || entry.get().sealedPasswordHash() == null) {
            return PasswordCheck.UNKNOWN_ACCOUNT;
        }
        String sealedHash = entry.get().sealedPasswordHash();
        String key = cacheKey(tenantId, userName, password, sealedHash);
        if (recentSuccesses.getIfPresent(key) != null) {
            cacheHits.increment();
            return PasswordCheck.VALID;
        }
        String hash;
        try {
            hash = sealer.open(sealedHash, SealContext.LOCAL_PASSWORD.of(tenantId));
        } catch (RuntimeException e) {
            log.error("LOCAL password hash of a user of tenant {} cannot be opened: {}", tenantId, e.toString());
            return PasswordCheck.UNAVAILABLE;
        }
        long remaining = Duration.between(Instant.now(), deadline).toMillis();
        if (remaining <= 0) {
            return PasswordCheck.UNAVAILABLE;
        }
        CompletableFuture<Boolean> check = inFlight.get(key);
        if (check == null) {
            CompletableFuture<Boolean> mine = new CompletableFuture<>();
            CompletableFuture<Boolean> earlier = inFlight.putIfAbsent(key, mine);
            check = earlier != null ? earlier : mine;
            if (earlier == null) {
                try {
                    workers.execute(() -> run(key, password, hash, mine));
                } catch (RejectedExecutionException e) {
                    inFlight.remove(key, mine);
                    mine.completeExceptionally(e);
                    log.debug("LOCAL password workers busy; refusing a check of tenant {}", tenantId);
                    return PasswordCheck.UNAVAILABLE;
                }
            }
        }
        try {
            return check.get(remaining, TimeUnit.MILLISECONDS) ? PasswordCheck.VALID : PasswordCheck.INVALID;
        } catch (TimeoutException e) {
            log.warn("LOCAL password check of tenant {} did not finish within the deadline", tenantId);
            return PasswordCheck.UNAVAILABLE;
        } catch (ExecutionException e) {
            log.warn("LOCAL password check of tenant {} failed: {}", tenantId, e.getCause().toString());
            return PasswordCheck.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PasswordCheck.UNAVAILABLE;
        }
    }

    /** On a worker: one bcrypt run, shared by every identical check waiting for it. */
    private void run(String key, String password, String hash, CompletableFuture<Boolean> result) {
        try {
            boolean valid = matches(password, hash);
            if (valid) {
                remember(key); // also when every waiter gave up: the next attempt is then cheap
            }
            result.complete(valid);
        } catch (Throwable e) {
            result.completeExceptionally(e);
        } finally {
            inFlight.remove(key, result);
        }
    }

    private boolean matches(String password, String hash) {
        bcryptRuns.increment();
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            // not a bcrypt hash (or a password over bcrypt's 72 bytes): never a proof
            log.warn("LOCAL password check refused: {}", e.getMessage());
            return false;
        }
    }

    private void remember(String key) {
        recentSuccesses.put(key, Boolean.TRUE);
    }

    /** HMAC-SHA-256 under a key that lives only in this process: the cache never holds the password. */
    private String cacheKey(String tenantId, String userName, String password, String sealedHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            for (String part : new String[] {tenantId, userName.toLowerCase(Locale.ROOT), password, sealedHash}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update((byte) (bytes.length >>> 24));
                mac.update((byte) (bytes.length >>> 16));
                mac.update((byte) (bytes.length >>> 8));
                mac.update((byte) bytes.length);
                mac.update(bytes);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Successes remembered now (tests, metrics). */
    int cachedSuccesses() {
        recentSuccesses.cleanUp();
        return (int) recentSuccesses.estimatedSize();
    }

    @PreDestroy
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
