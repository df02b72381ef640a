package org.sra.kit.logging;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.sra.kit.security.SraClaims;

/**
 * Puts the authenticated tenant and account into the MDC for the request's log lines, and names
 * the request's trace id in the {@code X-Trace-Id} response header.
 */
public class RequestContextFilter extends OncePerRequestFilter {

    public static final String TENANT = "tenantId";
    public static final String ACCOUNT = "accountId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = MDC.get("traceId");
        if (traceId != null && !traceId.isEmpty()) {
            // the request's trace id, for an admin reporting a problem (the gateway sets it on its answer too)
            response.setHeader(TraceContexts.TRACE_ID_HEADER, traceId);
        }
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            String tenant = token.getToken().getClaimAsString(SraClaims.TENANT);
            MDC.put(TENANT, tenant == null ? "-" : tenant);
            MDC.put(ACCOUNT, token.getToken().getSubject());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(TENANT);
            MDC.remove(ACCOUNT);
        }
    }
}
