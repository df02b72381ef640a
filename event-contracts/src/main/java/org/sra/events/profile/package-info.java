/**
 * Facts about user profiles and their download links (§4-4) on {@code sra.profiles}, and about
 * the tenant-wide proxy and local-segment settings (§5) on {@code sra.proxy-settings}; published
 * by profile-service.
 */
package org.sra.events.profile;
