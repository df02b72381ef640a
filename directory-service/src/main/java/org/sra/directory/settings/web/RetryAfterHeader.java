package org.sra.directory.settings.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A problem carrying {@code retryAfter} (seconds), e.g. {@code entra-throttled}, also gets the
 * {@code Retry-After} header, so clients and the gateway can wait without reading the body.
 */
@ControllerAdvice
class RetryAfterHeader implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getProperties() != null
                && problem.getProperties().get("retryAfter") instanceof Number seconds) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, seconds.longValue())));
        }
        return body;
    }
}
