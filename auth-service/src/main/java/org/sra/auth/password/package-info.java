/**
 * Password verification against the tenant's directory (R-AUT-2, R-AUT-8): Active Directory by
 * a simple bind as the user (UnboundID LDAP SDK), Entra ID by the resource-owner password flow
 * (MSAL4J); each behind a Resilience4j circuit breaker and bulkhead per tenant directory, within
 * the headend's deadline.
 */
package org.sra.auth.password;
