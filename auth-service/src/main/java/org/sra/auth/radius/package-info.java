/**
 * The RADIUS adapter (R-AUT-1, RFC 2865/2866/5176): UDP listeners with a large receive buffer,
 * NAS lookup from the read model (the per-client secret), BlastRADIUS hardening, a
 * retransmission cache, and the mapping between packets and the decision. The packet codec is
 * aaa4j-radius's; the policy stays outside.
 */
package org.sra.auth.radius;
