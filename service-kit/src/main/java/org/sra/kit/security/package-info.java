/**
 * Every service validates the caller's JWT itself (not only the gateway): RS256 tokens signed
 * by directory-service, roles {@code OPERATOR}, {@code ADMIN}, {@code AUDITOR}, and the tenant
 * taken only from the token's {@code tenant} claim.
 */
package org.sra.kit.security;
