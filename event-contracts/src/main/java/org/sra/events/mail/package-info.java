/** Facts about mail deliveries (§7), published by notification-service on {@code sra.mails}. */
package org.sra.events.mail;
