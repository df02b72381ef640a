package org.sra.directory.account.web;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.sra.directory.account.AdminSessions;
import org.sra.directory.account.SessionTokens;
import org.sra.kit.web.Problems;

import tools.jackson.databind.json.JsonMapper;

/**
 * In directory-service a session token is only good while its session lives (logout, password
 * change, idle and absolute timeouts; R-ACC-3): runs after the kit's token check and answers 401
 * {@code session-ended} otherwise. Tokens without {@code sid} (minted for machines and tests)
 * are left to the kit's rules. Other services check tokens statelessly, which is why tokens
 * live only {@code sra.accounts.token-ttl}.
 */
@Component
class SessionCheckFilter extends OncePerRequestFilter {

    private final AdminSessions sessions;
    private final JsonMapper json;
    private final MessageSource messages;

    SessionCheckFilter(AdminSessions sessions, JsonMapper json, MessageSource messages) {
        this.sessions = sessions;
        this.json = json;
        this.messages = messages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            String sessionId = token.getToken().getClaimAsString(SessionTokens.SESSION_CLAIM);
            if (sessionId != null && sessions.touchIfAlive(sessionId).isEmpty()) {
                refuse(request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var locale = Problems.locale(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                messages.getMessage("problem.session-ended", null, locale));
        problem.setType(Problems.type("session-ended"));
        problem.setTitle(messages.getMessage("problem.session-ended.title", null, locale));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
