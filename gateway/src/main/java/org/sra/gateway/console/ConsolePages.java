package org.sra.gateway.console;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The console's entry points: {@code /} and {@code /login} (the login URL printed on the
 * registration notice) both answer the single page, which picks the screen itself. Static files
 * ({@code /console/**}) are served by Spring's resource handling from {@code classpath:/static/}.
 */
@Configuration(proxyBeanMethods = false)
class ConsolePages {

    private static final Resource INDEX = new ClassPathResource("static/index.html");

    @Bean
    RouterFunction<ServerResponse> consoleEntryPoints() {
        return RouterFunctions.route(GET("/").or(GET("/login")), request -> ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .bodyValue(INDEX));
    }
}
