package org.sra.gateway;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the console gets when a service does not answer: a problem detail in the caller's language
 * (Japanese by default, English on {@code Accept-Language: en}) naming the service.
 * <ul>
 * <li>The call took longer than the route's time limit: <b>504</b>
 * {@code urn:sra:problem:service-timeout}. The service may well have done the work (a save that
 * was slow is still a save), so the answer never says the service is down; it says the result is
 * unknown and to look at the list.</li>
 * <li>The service cannot be reached or its circuit is open: <b>503</b>
 * {@code urn:sra:problem:service-unavailable}, with {@code Retry-After} (RFC 9110 §10.2.3, the
 * circuit's open state) so that a script knows when to try again; the other screens keep working.</li>
 * </ul>
 */
@RestController
class FallbackController {

    /** How the services are named to an admin: {ja, en}. */
    private static final Map<String, String[]> NAMES = Map.of(
            "directory-service", new String[] {"ユーザ・設定管理サービス", "the user and settings service"},
            "device-service", new String[] {"デバイス管理サービス", "the device service"},
            "profile-service", new String[] {"ユーザプロフィール管理サービス", "the user profile service"},
            "auth-service", new String[] {"認証サービス", "the authentication service"},
            "notification-service", new String[] {"メール通知サービス", "the mail notification service"});

    /** Seconds a caller should wait: the circuit's open state lasts 10 s (resilience4j in application.yml). */
    static final String RETRY_AFTER_SECONDS = "10";

    /** A path the edge deliberately does not offer (the NAS decision API). */
    @RequestMapping("/not-routed")
    ResponseEntity<ProblemDetail> notRouted(ServerWebExchange exchange) {
        boolean english = english(exchange);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                english ? "This address is not offered here." : "このアドレスはここでは提供していません。");
        problem.setType(URI.create("urn:sra:problem:not-found"));
        problem.setTitle(english ? "Not found" : "見つかりません");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @RequestMapping("/fallback/{service}")
    ResponseEntity<ProblemDetail> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        boolean english = english(exchange);
        String[] names = NAMES.getOrDefault(service, new String[] {service, service});
        String name = english ? names[1] : names[0];
        boolean timedOut = timedOut(exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR));
        HttpStatus status = timedOut ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem;
        if (timedOut) {
            problem = ProblemDetail.forStatusAndDetail(status, english
                    ? "No answer came from " + name + " in time. The request may still have been carried out: "
                            + "check the list before trying again."
                    : name + "からの応答が時間内にありませんでした。処理は完了している可能性があります。"
                            + "やり直す前に一覧で結果を確認してください。");
            problem.setType(URI.create("urn:sra:problem:service-timeout"));
            problem.setTitle(english ? "No answer in time" : "応答がありませんでした");
        } else {
            problem = ProblemDetail.forStatusAndDetail(status, english
                    ? "Cannot reach " + name + " right now; the other screens keep working. Please try again shortly."
                    : name + "に現在接続できません。他の画面は引き続き利用できます。しばらくしてから再度お試しください。");
            problem.setType(URI.create("urn:sra:problem:service-unavailable"));
            problem.setTitle(english ? "Service unavailable" : "サービスに接続できません");
        }
        problem.setProperty("service", service);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (!timedOut) {
            answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return answer.body(problem);
    }

    /** Whether the circuit breaker gave up waiting (its time limiter), rather than failing to connect. */
    private static boolean timedOut(Object failure) {
        for (Throwable cause = failure instanceof Throwable t ? t : null; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean english(ServerWebExchange exchange) {
        String language = exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE);
        return language != null && language.trim().toLowerCase(Locale.ROOT).startsWith("en");
    }
}
