/** Kafka adapter: which events notification-service handles, and by whom. */
package org.sra.notification.messaging;
