/**
 * The audit trail's producer side (R-ACC-5): an aggregate records who changed what, before and
 * after with secrets masked, in the same outbox write as the change; directory-service keeps
 * the trail.
 */
package org.sra.kit.audit;
