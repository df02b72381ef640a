/**
 * The operator's view of one tenant's 概要 (overview): reads the tenant, its settings and its VPN
 * users; nothing depends on it.
 */
package org.sra.directory.overview;
