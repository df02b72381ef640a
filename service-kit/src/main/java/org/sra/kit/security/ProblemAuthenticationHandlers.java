package org.sra.kit.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.sra.kit.web.Problems;

import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as RFC 9457 problem details, worded for an admin. */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;
    private final MessageSource messages;

    ProblemAuthenticationHandlers(JsonMapper json, MessageSource messages) {
        this.json = json;
        this.messages = messages;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        boolean mustChangePassword = SecurityContextHolder.getContext()
                .getAuthentication() instanceof JwtAuthenticationToken token
                && Boolean.TRUE.equals(token.getToken().getClaimAsBoolean(SraClaims.PASSWORD_CHANGE_REQUIRED));
        write(request, response, HttpStatus.FORBIDDEN, mustChangePassword ? "password-change-required" : "forbidden");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug)
            throws IOException {
        var locale = Problems.locale(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                messages.getMessage("problem." + slug, null, locale));
        problem.setType(Problems.type(slug));
        problem.setTitle(messages.getMessage("problem." + slug + ".title", null, status.getReasonPhrase(), locale));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(problem));
        LocaleContextHolder.resetLocaleContext();
    }
}
