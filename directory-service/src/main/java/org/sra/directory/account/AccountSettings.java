package org.sra.directory.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Login, session and back-off settings ({@code sra.accounts.*}).
 *
 * @param tokenTtl         lifetime of a bearer token; short, because the other services check
 *                         tokens without asking whether the session still lives
 * @param idleTimeout      a session ends after this long without a request or refresh
 * @param absoluteTimeout  a session ends this long after login, whatever happens
 * @param bcryptCost       bcrypt work factor (at least 10)
 * @param accountThreshold failed logins of one login id before its attempts must wait
 * @param sourceThreshold  failed logins from one address before its attempts must wait
 * @param firstDelay       the wait after the threshold's failure; doubles with every further failure
 * @param maxDelay         longest wait
 * @param forgetAfter      failures are forgotten after this long without one
 */
@ConfigurationProperties("sra.accounts")
public record AccountSettings(Duration tokenTtl, Duration idleTimeout, Duration absoluteTimeout, Integer bcryptCost,
                              Integer accountThreshold, Integer sourceThreshold, Duration firstDelay,
                              Duration maxDelay, Duration forgetAfter) {

    public AccountSettings {
        tokenTtl = tokenTtl == null ? Duration.ofMinutes(15) : tokenTtl;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
        absoluteTimeout = absoluteTimeout == null ? Duration.ofHours(8) : absoluteTimeout;
        bcryptCost = bcryptCost == null ? 12 : bcryptCost;
        if (bcryptCost < 10) {
            throw new IllegalArgumentException("sra.accounts.bcrypt-cost must be at least 10");
        }
        accountThreshold = accountThreshold == null ? 5 : accountThreshold;
        sourceThreshold = sourceThreshold == null ? 20 : sourceThreshold;
        firstDelay = firstDelay == null ? Duration.ofSeconds(1) : firstDelay;
        maxDelay = maxDelay == null ? Duration.ofMinutes(15) : maxDelay;
        forgetAfter = forgetAfter == null ? Duration.ofHours(24) : forgetAfter;
    }

    LoginThrottle accountThrottle() {
        return new LoginThrottle(accountThreshold, firstDelay, maxDelay, forgetAfter);
    }

    LoginThrottle sourceThrottle() {
        return new LoginThrottle(sourceThreshold, firstDelay, maxDelay, forgetAfter);
    }

    SessionTimeouts timeouts() {
        return new SessionTimeouts(idleTimeout, absoluteTimeout);
    }
}
