/**
 * Mails themselves: addresses (validation, masking), the deterministic Message-ID, the
 * Japanese and English templates, and the SMTP adapter with retry and circuit breaker.
 */
package org.sra.notification.mail;
