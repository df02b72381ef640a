/** Settings and the wiring of the mail pieces. */
package org.sra.notification.config;
