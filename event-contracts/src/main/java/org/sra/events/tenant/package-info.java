/**
 * Facts about tenants (customer companies) and their contracts, published by directory-service
 * on {@code sra.tenants}.
 */
package org.sra.events.tenant;
