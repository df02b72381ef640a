/**
 * VPN addresses from the tenant's pool (R-SET-8, R-AUT-5): a device keeps its address while its
 * lease lives, and a unique index on (tenant, address) makes sure that no two live sessions —
 * even on two auth-service replicas — ever hold the same address.
 */
package org.sra.auth.lease;
