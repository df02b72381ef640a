package org.sra.gateway.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.rewrite.ModifyResponseBodyGatewayFilterFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Route filter of the console's session routes ({@code /ui/session/*}, in application.yml):
 * {@code SessionCookies=issue} takes the token out of a successful login, password change or
 * refresh answer of directory-service and puts it into the HttpOnly session cookie, with a new
 * CSRF token (the script never sees the JWT); {@code SessionCookies=end} clears both cookies on
 * logout, whatever the service answered.
 */
@Component
public class SessionCookiesGatewayFilterFactory
        extends AbstractGatewayFilterFactory<SessionCookiesGatewayFilterFactory.Config> {

    /** {@code issue} or {@code end}. */
    public static class Config {

        private String action = "issue";

        public String getAction() {
            return action;
        }

        public void setAction(String action) {
            this.action = action;
        }
    }

    private final ModifyResponseBodyGatewayFilterFactory modifyBody;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();

    SessionCookiesGatewayFilterFactory(ModifyResponseBodyGatewayFilterFactory modifyBody) {
        super(Config.class);
        this.modifyBody = modifyBody;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("action");
    }

    @Override
    public GatewayFilter apply(Config config) {
        if ("end".equals(config.getAction())) {
            return (exchange, chain) -> {
                exchange.getResponse().beforeCommit(() -> {
                    exchange.getResponse().addCookie(SessionCookies.expired(SessionCookies.SESSION, true));
                    exchange.getResponse().addCookie(SessionCookies.expired(SessionCookies.XSRF, false));
                    return Mono.empty();
                });
                return chain.filter(exchange);
            };
        }
        return modifyBody.apply(new ModifyResponseBodyGatewayFilterFactory.Config()
                .setRewriteFunction(String.class, String.class, this::takeTokenIntoCookie));
    }

    private Mono<String> takeTokenIntoCookie(ServerWebExchange exchange, String body) {
        ServerHttpResponse response = exchange.getResponse();
        if (body == null || response.getStatusCode() == null || !response.getStatusCode().is2xxSuccessful()) {
            return body == null ? Mono.empty() : Mono.just(body);
        }
        JsonNode tree = json.readTree(body);
        if (!(tree instanceof ObjectNode answer) || !answer.hasNonNull("accessToken")) {
            return Mono.just(body);
        }
        Instant sessionEnd = answer.hasNonNull("sessionExpiresAt")
                ? Instant.parse(answer.get("sessionExpiresAt").asString()) : null;
        response.addCookie(SessionCookies.session(answer.get("accessToken").asString(), sessionEnd, clock.instant()));
        response.addCookie(SessionCookies.newXsrf());
        answer.remove("accessToken");
        answer.remove("tokenType");
        return Mono.just(json.writeValueAsString(answer));
    }
}
