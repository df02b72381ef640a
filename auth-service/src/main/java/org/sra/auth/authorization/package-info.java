/**
 * One connection attempt end to end, the same for RADIUS and HTTP: read model → policy (with the
 * directory check) → address lease → decision log and events → the answer's attributes.
 */
package org.sra.auth.authorization;
