/** HTTP adapter of the device settings screen (§4-2). */
package org.sra.device.device.web;
