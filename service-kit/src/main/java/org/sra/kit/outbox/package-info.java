/**
 * Transactional outbox without multi-document transactions: an aggregate document carries its
 * own pending events, so the state change and its events are one single-document write; the
 * {@link org.sra.kit.outbox.OutboxRelay} publishes them and then removes them.
 */
package org.sra.kit.outbox;
