/**
 * The demo Active Directory: an in-memory LDAP server with an AD-like schema, sample users and
 * the AD bind and filter behaviour that directory connectors depend on.
 */
package org.sra.local.ldap;
