/** HTTP adapters of accounts: the caller's own account and login, a tenant's admins. */
package org.sra.directory.account.web;
