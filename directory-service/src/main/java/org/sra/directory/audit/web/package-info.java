/** HTTP adapter of the audit trail. */
package org.sra.directory.audit.web;
