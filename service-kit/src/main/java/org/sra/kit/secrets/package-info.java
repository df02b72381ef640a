/** Sealing secrets for storage and for events: AES-256-GCM with a key from the environment. */
package org.sra.kit.secrets;
