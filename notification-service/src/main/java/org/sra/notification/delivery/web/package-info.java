/** HTTP adapter of the delivery log. */
package org.sra.notification.delivery.web;
