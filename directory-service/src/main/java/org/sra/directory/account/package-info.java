/**
 * Operator and tenant admin accounts: login with back-off, server-side sessions behind short
 * bearer tokens, password change with the strength rule, and a tenant's admins and auditors
 * (R-ACC-1 … R-ACC-4).
 */
package org.sra.directory.account;
