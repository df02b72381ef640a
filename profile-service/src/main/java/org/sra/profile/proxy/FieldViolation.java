package org.sra.profile.proxy;

/**
 * One wrong field: its name in the request and the message key ({@code field.<code>} in
 * {@code messages*.properties}) that tells the admin what is expected.
 */
public record FieldViolation(String field, String code, Object... args) {
}
