/**
 * A tenant's global settings (SPEC §3, R-SET-1..8): authentication type and directory
 * connection (Active Directory or Entra ID, each verified before it is saved, secrets sealed),
 * device-ID auto-registration, notification addresses, DNS servers; each change raises
 * {@code SettingsChanged} and an audit entry in the same write.
 */
package org.sra.directory.settings;
