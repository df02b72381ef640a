/**
 * Facts about a tenant's global settings (§3), published by directory-service on {@code
 * sra.settings}.
 */
package org.sra.events.settings;
