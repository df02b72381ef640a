/** The demo Active Directory of the local stack, copied for tests: an AD-like in-memory LDAP server. */
package org.sra.directory.testad;
