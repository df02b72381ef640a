/**
 * Audit records of admin changes made in services other than directory-service, which keeps the
 * trail (R-ACC-5); on {@code sra.audit}.
 */
package org.sra.events.audit;
