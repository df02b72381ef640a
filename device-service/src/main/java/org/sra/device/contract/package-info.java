/**
 * What device-service knows of each tenant's contract (devices per user, R-ASN-2; suspended or
 * not), kept from directory-service's tenant events.
 */
package org.sra.device.contract;
