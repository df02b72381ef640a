/**
 * Facts about NAS clients, the VPN headends that ask auth-service over RADIUS; published by
 * directory-service on {@code sra.nas-clients}.
 */
package org.sra.events.nas;
