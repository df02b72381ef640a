package org.sra.gateway;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the console gets when a service is down or its circuit is open: a 503 problem detail
 * naming the service, so the other screens keep working and this one can say what is missing,
 * with {@code Retry-After} (RFC 9110 §10.2.3) so that a script knows when to try again.
 */
@RestController
class FallbackController {

    /** Seconds a caller should wait: the circuit's open state lasts 10 s (resilience4j in application.yml). */
    static final String RETRY_AFTER_SECONDS = "10";

    /** A path the edge deliberately does not offer (the NAS decision API). */
    @RequestMapping("/not-routed")
    ResponseEntity<ProblemDetail> notRouted() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "This address is not offered here. / このアドレスはここでは提供していません。");
        problem.setType(URI.create("urn:sra:problem:not-found"));
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @RequestMapping("/fallback/{service}")
    ResponseEntity<ProblemDetail> unavailable(@PathVariable String service) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " is unavailable right now; other functions keep working. Please try again shortly. / "
                        + service + " は現在利用できません。しばらくしてから再度お試しください。");
        problem.setType(URI.create("urn:sra:problem:service-unavailable"));
        problem.setTitle("Service unavailable");
        problem.setProperty("service", service);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
