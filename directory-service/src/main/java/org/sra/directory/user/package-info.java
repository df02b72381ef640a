/**
 * The VPN user list (SPEC §4-1, R-USR-1..3): users taken from the tenant's directory by hand or
 * by CSV (dry run, then all-or-nothing commit), exported as CSV, removed with confirmation;
 * {@code VpnUserAdded}/{@code VpnUserRemoved} through the outbox.
 */
package org.sra.directory.user;
