/** NAS clients: the VPN headends of a tenant and their sealed RADIUS secrets (R-OPS-2). */
package org.sra.directory.nas;
