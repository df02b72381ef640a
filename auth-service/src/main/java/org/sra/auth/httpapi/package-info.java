/**
 * The decision over HTTP for headends that prefer it (R-AUT-1): the same authorizer as RADIUS,
 * the NAS client authenticated by its id and shared secret (HTTP Basic over TLS).
 */
package org.sra.auth.httpapi;
