/**
 * Facts about a tenant's VPN user list (§4-1), published by directory-service on {@code
 * sra.vpn-users}.
 */
package org.sra.events.user;
