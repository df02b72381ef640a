/**
 * The JWT signing key pair and the master keys of sealing, made once per data directory, and the
 * per-service seal keys derived from them.
 */
package org.sra.local.keys;
