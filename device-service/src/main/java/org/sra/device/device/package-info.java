/**
 * Devices of a tenant (R-DEV-1, R-DEV-2, R-DEV-4, R-DEV-5): the rules a device must follow, the
 * aggregate that raises its events through the outbox, and the list view.
 */
package org.sra.device.device;
