/**
 * Edge protection in front of every route and the console: security headers, per-client rate
 * limits on logins and profile downloads, and request size limits, each refusal a problem detail.
 */
package org.sra.gateway.edge;
