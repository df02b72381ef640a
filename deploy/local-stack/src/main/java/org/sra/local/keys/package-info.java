/** The JWT signing key pair and the secrets-sealing key, made once per data directory. */
package org.sra.local.keys;
