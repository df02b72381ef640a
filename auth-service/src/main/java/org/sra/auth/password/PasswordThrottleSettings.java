package org.sra.auth.password;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Throttling of wrong passwords, so that guessing through the headend is slow and the
 * directory's own lockout (Active Directory's lockout threshold) is never reached through SRA.
 *
 * @param userFailures wrong passwords for one VPN user within a window after which that user's
 *                     attempts are refused without asking the directory until the window ends
 * @param nasFailures  the same for all users behind one NAS client (a headend used to spray
 *                     passwords over many names); higher, as a busy headend carries many users
 * @param window       the fixed window the failures are counted in
 */
@ConfigurationProperties("sra.auth.throttle")
public record PasswordThrottleSettings(@DefaultValue("10") int userFailures,
                                       @DefaultValue("200") int nasFailures,
                                       @DefaultValue("5m") Duration window) {
}
