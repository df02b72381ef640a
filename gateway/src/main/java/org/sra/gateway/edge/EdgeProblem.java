package org.sra.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * An RFC 9457 problem written by the gateway itself, before any service is reached: Japanese by
 * default, English when the caller asks for it ({@code Accept-Language: en}, as the console does
 * once English is chosen).
 */
record EdgeProblem(HttpStatus status, String slug, String titleJa, String detailJa, String titleEn,
                   String detailEn) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static boolean english(ServerWebExchange exchange) {
        String language = exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE);
        return language != null && language.trim().toLowerCase(Locale.ROOT).startsWith("en");
    }

    Mono<Void> write(ServerWebExchange exchange) {
        boolean english = english(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:sra:problem:" + slug);
        body.put("title", english ? titleEn : titleJa);
        body.put("status", status.value());
        body.put("detail", english ? detailEn : detailJa);
        body.put("instance", exchange.getRequest().getPath().value());
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        HttpHeaders request = exchange.getRequest().getHeaders();
        if (request.getContentLength() > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            // answered before the body was read: close the connection after the answer rather than
            // leave an unread body in front of the client's next request on it (RFC 9112 §9.6)
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
