/**
 * Live VPN sessions from RADIUS accounting (R-AUT-5, R-AUT-6): Start/Interim/Stop, NAS reboots
 * (Accounting-On/Off), lease expiry for a lost Stop, and admin disconnects by RFC 5176
 * Disconnect-Request — also when a user, device or profile loses the right to connect.
 */
package org.sra.auth.session;
