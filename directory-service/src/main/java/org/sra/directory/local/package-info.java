/**
 * The built-in user directory of LOCAL tenants (R-SET-1): users with passwords kept by the
 * platform (bcrypt, as for admins); no forced change at first use, since a VPN client cannot
 * change a password; the admin resets it.
 */
package org.sra.directory.local;
