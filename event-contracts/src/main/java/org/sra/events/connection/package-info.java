/**
 * Facts about connection attempts (§6), published by auth-service on {@code sra.connections},
 * keyed by tenant and user name.
 */
package org.sra.events.connection;
