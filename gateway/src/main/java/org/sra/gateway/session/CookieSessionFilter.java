package org.sra.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Turns the console's cookie session into what the services understand (R-ACC-3):
 * <ul>
 * <li>a request with its own {@code Authorization} header is an API call: passed as it is, no
 * CSRF token needed (a browser never adds that header on its own);</li>
 * <li>a request carrying the {@code SRA_SESSION} cookie gets {@code Authorization: Bearer
 * <cookie>}; the session and CSRF cookies are not forwarded;</li>
 * <li>a state-changing request authenticated by the cookie must echo the {@code XSRF-TOKEN}
 * cookie in {@code X-XSRF-TOKEN}, or it is refused with 403 before reaching any service.</li>
 * </ul>
 * The UI login ({@code /ui/session/login}) is never given the old cookie's token.
 */
@Component
class CookieSessionFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(CookieSessionFilter.class);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE);
    static final String UI_LOGIN = "/ui/session/login";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpCookie session = request.getCookies().getFirst(SessionCookies.SESSION);
        if (request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION) || session == null
                || session.getValue().isBlank()) {
            return chain.filter(exchange.mutate().request(withoutSessionCookies(request).build()).build());
        }
        if (request.getPath().value().equals(UI_LOGIN)) {
            return chain.filter(exchange.mutate().request(withoutSessionCookies(request).build()).build());
        }
        if (!SAFE.contains(request.getMethod()) && !csrfTokenMatches(request)) {
            log.info("Refused {} {}: cookie session without a matching CSRF token", request.getMethod(),
                    request.getPath());
            return CsrfProblem.write(exchange);
        }
        ServerHttpRequest.Builder forwarded = withoutSessionCookies(request)
                .headers(headers -> headers.setBearerAuth(session.getValue()));
        return chain.filter(exchange.mutate().request(forwarded.build()).build());
    }

    private static boolean csrfTokenMatches(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(SessionCookies.XSRF);
        String header = request.getHeaders().getFirst(SessionCookies.XSRF_HEADER);
        if (cookie == null || cookie.getValue().isBlank() || header == null || header.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8));
    }

    /** The services get no cookie of the console's session: only the bearer token. */
    private static ServerHttpRequest.Builder withoutSessionCookies(ServerHttpRequest request) {
        String others = request.getCookies().values().stream().flatMap(List::stream)
                .filter(cookie -> !cookie.getName().equals(SessionCookies.SESSION)
                        && !cookie.getName().equals(SessionCookies.XSRF))
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        return request.mutate().headers(headers -> {
            headers.remove(HttpHeaders.COOKIE);
            if (!others.isEmpty()) {
                headers.set(HttpHeaders.COOKIE, others);
            }
        });
    }

    /** 403 problem detail, Japanese by default, English on {@code Accept-Language: en}. */
    static final class CsrfProblem {

        private CsrfProblem() {
        }

        static Mono<Void> write(ServerWebExchange exchange) {
            String language = String.valueOf(exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE));
            boolean english = language.toLowerCase(Locale.ROOT).startsWith("en");
            String title = english ? "CSRF token missing" : "CSRFトークンがありません";
            String detail = english
                    ? "This change was refused: the request did not carry the console's CSRF token. Reload the page and try again."
                    : "この変更は受け付けられませんでした（CSRFトークンがありません）。画面を再読み込みしてからやり直してください。";
            String body = "{\"type\":\"urn:sra:problem:csrf-token-invalid\",\"title\":\"" + title + "\",\"status\":403,"
                    + "\"detail\":\"" + detail + "\",\"instance\":\"" + exchange.getRequest().getPath().value()
                    .replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            var response = exchange.getResponse();
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
            return response.writeWith(Mono.just(buffer));
        }
    }
}
