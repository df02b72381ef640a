/** HTTP adapter of the VPN user list (reads ADMIN/AUDITOR, writes ADMIN; tenant from the token). */
package org.sra.directory.user.web;
