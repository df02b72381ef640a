/** HTTP adapter of the device assignment screen (§4-3). */
package org.sra.device.assignment.web;
