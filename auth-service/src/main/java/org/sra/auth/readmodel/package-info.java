/**
 * auth-service's own copy of what a decision needs (R-AUT-2): tenants and their settings, NAS
 * clients, VPN users, devices with their assignment, profiles. Built from the other services'
 * events, persisted in auth-service's database and held in memory, so the decision path never
 * calls another SRA service.
 */
package org.sra.auth.readmodel;
