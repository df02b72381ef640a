/**
 * Bulk scenarios against a running local stack, driven as an administrator would through the
 * gateway (and radclient as the headend): shared by {@code LocalStackIntegrationTests} (CI size)
 * and {@link org.sra.local.bench.BulkBenchmark} ({@code bench/bulk.sh}, issue size).
 */
package org.sra.local.bench;
