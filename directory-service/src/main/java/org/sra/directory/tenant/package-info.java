/** Tenants (customer companies) and their contracts, managed by the operator (R-OPS-1, R-SET-8). */
package org.sra.directory.tenant;
