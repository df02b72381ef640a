package org.sra.gateway.edge;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * Rate limits on the logins ({@code /ui/session/login}, {@code /api/account/login}) and the
 * profile downloads ({@code /download/**}), per client address as {@link ClientAddressFilter}
 * resolved it (behind trusted proxies each client still has a bucket of its own): beyond the
 * bucket, 429 with {@code Retry-After} and a problem detail, and nothing reaches a service. Spring Cloud Gateway's
 * own RequestRateLimiter needs Redis; an in-memory bucket per instance is enough here.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private record Rule(String name, List<PathPattern> paths, EdgeSettings.RateLimit limit) {
    }

    private final List<Rule> rules;
    private final TokenBuckets buckets = new TokenBuckets(System::nanoTime);

    RateLimitFilter(EdgeSettings settings) {
        this.rules = settings.rateLimits().entrySet().stream().map(RateLimitFilter::rule).toList();
    }

    private static Rule rule(Map.Entry<String, EdgeSettings.RateLimit> entry) {
        List<PathPattern> patterns = entry.getValue().paths().stream().map(PathPatternParser.defaultInstance::parse)
                .toList();
        return new Rule(entry.getKey(), patterns, entry.getValue());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        for (Rule rule : rules) {
            PathPattern matched = rule.paths().stream().filter(pattern -> pattern.matches(path)).findFirst().orElse(null);
            if (matched == null) {
                continue;
            }
            String client = ClientAddressFilter.of(exchange);
            TokenBuckets.Decision decision = buckets.take(rule.name() + "|" + client, rule.limit().capacity(),
                    rule.limit().period());
            if (!decision.allowed()) {
                long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
                // the pattern, not the path: a download path is the link's secret token
                log.info("Rate limit '{}' reached by {} on {}; retry after {} s", rule.name(), client,
                        matched.getPatternString(), seconds);
                exchange.getResponse().getHeaders().set("Retry-After", String.valueOf(seconds));
                return tooMany(seconds).write(exchange);
            }
        }
        return chain.filter(exchange);
    }

    private static EdgeProblem tooMany(long seconds) {
        return new EdgeProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "リクエストが多すぎます",
                "短時間に多くのリクエストがありました。" + seconds + "秒ほど待ってからもう一度お試しください。",
                "Too many requests",
                "Too many requests in a short time. Please wait about " + seconds + " seconds and try again.");
    }
}
