/**
 * The one-command local stack: {@link org.sra.local.LocalStack} starts Kafka, MongoDB, mail, a
 * demo Active Directory and the six services on one machine; each piece has its own package.
 */
package org.sra.local;
