package org.sra.kit.security;

import java.util.Objects;

/**
 * The caller's tenant. A controller method parameter of this type is filled from the
 * authenticated token, never from the request.
 */
public record TenantId(String value) {

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("blank tenant id");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
