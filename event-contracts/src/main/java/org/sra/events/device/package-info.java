/**
 * Facts about devices, their assignment to users and their auto-registration (§4-2, §4-3,
 * R-AUT-4), published by device-service on {@code sra.devices}.
 */
package org.sra.events.device;
