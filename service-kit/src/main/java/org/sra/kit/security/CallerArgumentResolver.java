package org.sra.kit.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.sra.kit.web.ProblemException;

/**
 * Fills {@link TenantId} and {@link Caller} controller parameters from the token. A tenant-less
 * token (an operator's) asking for a tenant resource gets 403.
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TenantId.class || parameter.getParameterType() == Caller.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Caller caller = currentCaller();
        if (parameter.getParameterType() == Caller.class) {
            return caller;
        }
        if (caller.tenantId() == null) {
            throw ProblemException.forbidden("no-tenant");
        }
        return new TenantId(caller.tenantId());
    }

    static Caller currentCaller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw ProblemException.unauthorized();
        }
        return fromJwt(token.getToken());
    }

    static Caller fromJwt(Jwt jwt) {
        return new Caller(jwt.getSubject(), jwt.getClaimAsString(SraClaims.NAME), roles(jwt),
                jwt.getClaimAsString(SraClaims.TENANT));
    }

    static Set<Role> roles(Jwt jwt) {
        Collection<String> names = jwt.getClaimAsStringList(SraClaims.ROLES);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String name : names) {
                for (Role role : Role.values()) {
                    if (role.name().equals(name)) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }
}
