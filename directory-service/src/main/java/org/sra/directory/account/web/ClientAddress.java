package org.sra.directory.account.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a login comes from, for the per-source back-off. Behind the gateway every request
 * comes from the gateway, which appends the client's address to {@code X-Forwarded-For}; the
 * rightmost entry is the one the gateway saw (entries to its left are whatever the client sent).
 * directory-service is reachable only through the gateway (docs/architecture.md).
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].strip();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return request.getRemoteAddr();
    }
}
