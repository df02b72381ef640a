/** The Kafka adapter: which events feed the read model. */
package org.sra.auth.messaging;
