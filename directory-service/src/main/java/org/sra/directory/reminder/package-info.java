/**
 * Client-secret expiry reminders (R-SET-4): a job raises {@code SecretExpiring} once per tenant
 * and month from six months before the Entra ID client secret expires, and once on the day; a
 * record per tenant and month (unique id) carries the event in the same write, so two replicas
 * and restarts never send a month twice.
 */
package org.sra.directory.reminder;
