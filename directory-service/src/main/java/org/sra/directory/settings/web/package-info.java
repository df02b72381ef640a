/** HTTP adapter of the global settings (reads ADMIN/AUDITOR, writes ADMIN; tenant from the token). */
package org.sra.directory.settings.web;
