package org.sra.gateway.edge;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * Request size limits: a body larger than {@code sra.gateway.edge.request-size.max} (CSV imports:
 * {@code upload-max}) is refused with 413 before it is read or forwarded. A body without
 * {@code Content-Length} (chunked) cannot be judged up front, so it is refused with 411; browsers
 * and the usual HTTP clients always send the length of a JSON or form body.
 */
@Component
class RequestSizeFilter implements WebFilter, Ordered {

    private final long max;
    private final long uploadMax;
    private final List<PathPattern> uploads;

    RequestSizeFilter(EdgeSettings settings) {
        this.max = settings.requestSize().max().toBytes();
        this.uploadMax = settings.requestSize().uploadMax().toBytes();
        this.uploads = settings.requestSize().uploads().stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long length = request.getHeaders().getContentLength();
        PathContainer path = request.getPath().pathWithinApplication();
        long limit = uploads.stream().anyMatch(pattern -> pattern.matches(path)) ? uploadMax : max;
        if (length > limit) {
            return tooLarge(limit).write(exchange);
        }
        if (length < 0 && request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)
                && !HttpMethod.GET.equals(request.getMethod())) {
            return lengthRequired().write(exchange);
        }
        return chain.filter(exchange);
    }

    private static EdgeProblem tooLarge(long limit) {
        String size = limit >= 1024 * 1024 ? (limit / (1024 * 1024)) + " MB" : (limit / 1024) + " KB";
        return new EdgeProblem(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "送信データが大きすぎます",
                "送信できるデータは " + size + " までです。内容を分けてもう一度お試しください。",
                "Request too large", "Requests are limited to " + size + ". Please split the data and try again.");
    }

    private static EdgeProblem lengthRequired() {
        return new EdgeProblem(HttpStatus.LENGTH_REQUIRED, "length-required", "データの長さが必要です",
                "送信データの長さ（Content-Length）がないため受け付けられませんでした。",
                "Length required", "The request body must be sent with a Content-Length.");
    }
}
