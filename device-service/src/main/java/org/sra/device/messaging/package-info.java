/** Which events device-service consumes and who handles them. */
package org.sra.device.messaging;
