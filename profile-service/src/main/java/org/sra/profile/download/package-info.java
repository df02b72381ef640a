/**
 * The public side of a download link (R-PRO-3, R-PRO-6): claiming one download atomically,
 * serving the AnyConnect file or the "expired" page, and the scheduled expiry of unused links
 * (R-PRO-4).
 */
package org.sra.profile.download;
