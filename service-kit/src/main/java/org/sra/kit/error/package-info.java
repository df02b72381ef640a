/**
 * Errors of the domain, free of HTTP: application code throws {@link org.sra.kit.error.DomainException}
 * (what kind of error, a stable slug, message arguments, and for bad input one
 * {@link org.sra.kit.error.FieldError} per wrong field); the kit's web layer
 * ({@code org.sra.kit.web.ProblemHandler}) turns it into an RFC 9457 problem detail.
 */
package org.sra.kit.error;
