/**
 * Assigning devices to VPN users (R-ASN-1 … R-ASN-3): the users device-service knows from
 * directory-service's events, the per-user limit that holds under concurrent requests, and the
 * clean-up when a user is removed (R-USR-3).
 */
package org.sra.device.assignment;
