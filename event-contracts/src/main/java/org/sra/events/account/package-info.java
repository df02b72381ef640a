/**
 * Facts about tenant administrator accounts, published by directory-service on
 * {@code sra.admin-accounts}.
 */
package org.sra.events.account;
