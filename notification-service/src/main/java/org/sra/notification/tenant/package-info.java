/**
 * What notification-service knows of each tenant: notification addresses, notify-on-failure,
 * mail language (R-SET-5, R-SET-6) and suspension, kept from directory-service's events.
 */
package org.sra.notification.tenant;
