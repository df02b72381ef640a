package org.sra.gateway.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.springframework.http.ResponseCookie;

/**
 * The admin console's cookies. {@code SRA_SESSION} carries the session's signed JWT: HttpOnly
 * (scripts cannot read it), Secure, SameSite=Strict. {@code XSRF-TOKEN} is a random value the
 * console's script reads and echoes in the {@code X-XSRF-TOKEN} header of every state-changing
 * call (double-submit cookie); a page of another site can neither read it nor set the header.
 */
public final class SessionCookies {

    public static final String SESSION = "SRA_SESSION";
    public static final String XSRF = "XSRF-TOKEN";
    public static final String XSRF_HEADER = "X-XSRF-TOKEN";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionCookies() {
    }

    /** The session cookie, living as long as the server-side session can (absolute timeout). */
    static ResponseCookie session(String token, Instant sessionEnd, Instant now) {
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(SESSION, token)
                .httpOnly(true).secure(true).sameSite("Strict").path("/");
        if (sessionEnd != null && sessionEnd.isAfter(now)) {
            cookie.maxAge(Duration.between(now, sessionEnd));
        }
        return cookie.build();
    }

    /** A fresh CSRF token, readable by the console's script. */
    static ResponseCookie newXsrf() {
        byte[] value = new byte[32];
        RANDOM.nextBytes(value);
        return ResponseCookie.from(XSRF, Base64.getUrlEncoder().withoutPadding().encodeToString(value))
                .httpOnly(false).secure(true).sameSite("Strict").path("/").build();
    }

    static ResponseCookie expired(String name, boolean httpOnly) {
        return ResponseCookie.from(name, "").httpOnly(httpOnly).secure(true).sameSite("Strict").path("/")
                .maxAge(Duration.ZERO).build();
    }
}
