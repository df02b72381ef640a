/**
 * Sealing secrets for storage and for events: AES-256-GCM with one key per seal context name,
 * derived from a master key with HKDF (RFC 5869), from the service's environment.
 */
package org.sra.kit.secrets;
