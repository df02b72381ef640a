package org.sra.kit.audit;

import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.sra.kit.security.SraClaims;

/** Who is acting right now: the token's login id, or {@code system} when an event drives the change. */
public final class Actor {

    public static final String SYSTEM = "system";

    private Actor() {
    }

    public static String current() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            String name = token.getToken().getClaimAsString(SraClaims.NAME);
            return name == null ? token.getToken().getSubject() : name;
        }
        return SYSTEM;
    }

    /** The trace id of the current request, used as the audit trail's request id. */
    public static String requestId() {
        return MDC.get("traceId");
    }
}
