/**
 * The admin console's cookie session at the edge (R-ACC-3): the JWT in an HttpOnly, Secure,
 * SameSite=Strict cookie, turned into a bearer token for the services, with a double-submit
 * CSRF token required on state-changing calls that rely on the cookie.
 */
package org.sra.gateway.session;
