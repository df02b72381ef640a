/** Kafka adapters: the events directory-service consumes. */
package org.sra.directory.messaging;
