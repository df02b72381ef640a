/**
 * The decision over HTTP for headends that prefer it (R-AUT-1): the same authorizer as RADIUS,
 * the NAS client authenticated by its id and shared secret (HTTP Basic over TLS) from its
 * registered address, or on the client-certificate connector by a certificate whose CN is its id.
 */
package org.sra.auth.httpapi;
