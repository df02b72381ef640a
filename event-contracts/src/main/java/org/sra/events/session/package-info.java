/**
 * Facts about live VPN sessions (R-AUT-5, R-AUT-6), published by auth-service on {@code
 * sra.sessions}.
 */
package org.sra.events.session;
