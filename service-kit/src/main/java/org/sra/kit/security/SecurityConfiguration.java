package org.sra.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.sra.kit.logging.RequestContextFilter;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default security of an SRA service. {@code /api/operator/**} is for operators; any
 * other {@code /api/**} path is for a tenant's administrators: reads for {@code ADMIN} and
 * {@code AUDITOR}, writes for {@code ADMIN} only (R-ACC-4). Stateless bearer tokens; the
 * cookie session and its CSRF protection live at the gateway.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties({JwtSettings.class, SecuritySettings.class})
public class SecurityConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder sraJwtDecoder(JwtSettings settings, ObjectProvider<TokenRevocations> revocations) {
        if (settings.publicKeyLocation() == null) {
            throw new IllegalStateException("sra.security.jwt.public-key-location is not set: "
                    + "point it at the PEM public key that verifies SRA tokens (SRA_SECURITY_JWT_PUBLIC_KEY_LOCATION)");
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(PemKeys.publicKey(settings.publicKeyLocation())).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(settings.issuer()));
        revocations.ifAvailable(validators::add);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * The tokens directory-service revoked (logout, role change, password change or reset,
     * removal), from the kit's event route and this service's own store; the token check above
     * refuses them with the usual 401.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MongoTemplate.class)
    TokenRevocations sraTokenRevocations(MongoTemplate mongo, Clock clock, MeterRegistry meters,
            @Value("${sra.security.revocations.refresh-interval:5s}") Duration refreshInterval) {
        return new TokenRevocations(mongo, clock, meters, refreshInterval);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("sra.security.jwt.private-key-location")
    JwtIssuer sraJwtIssuer(JwtSettings settings, Clock clock) {
        return new JwtIssuer(PemKeys.privateKey(settings.privateKeyLocation()), settings.issuer(), clock);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain sraSecurityFilterChain(HttpSecurity http, SecuritySettings settings, JsonMapper json,
                                               MessageSource messages) throws Exception {
        var problems = new ProblemAuthenticationHandlers(json, messages);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> CallerArgumentResolver.roles(jwt).stream()
                .map(role -> new SimpleGrantedAuthority(role.authority()))
                .map(GrantedAuthority.class::cast)
                .toList());
        String[] publicPaths = settings.publicPaths().toArray(String[]::new);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                            "/actuator/info", "/v3/api-docs/**", "/v3/api-docs", "/error").permitAll();
                    if (publicPaths.length > 0) {
                        auth.requestMatchers(publicPaths).permitAll();
                    }
                    auth.requestMatchers("/api/operator/**").hasRole(Role.OPERATOR.name())
                            .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                            .requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                            .requestMatchers("/api/**").hasRole(Role.ADMIN.name())
                            .anyRequest().denyAll();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterAfter(new RequestContextFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    WebMvcConfigurer sraCallerArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
