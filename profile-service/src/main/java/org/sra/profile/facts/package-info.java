/**
 * What profile-service knows of other services' data, kept from their events: devices (type,
 * whether they already have their ID), VPN users (mail address) and tenants (suspended, language).
 */
package org.sra.profile.facts;
