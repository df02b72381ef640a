package org.sra.profile.profile.web;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.sra.events.device.DeviceType;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.profile.DownloadLink;
import org.sra.profile.profile.Profile;

/**
 * A profile as the admin sees it (§4-4): status with its label in the admin's language, the
 * connection switch, whether the profile can connect at all once the proxy rule is applied
 * (R-PXY-2), and the current link without its token.
 *
 * @param name        {@code userName:deviceName}, the id the product guide shows; {@code profileId} is the stable key
 * @param mail        the address registered for the profile (ユーザプロフィール一括登録), where a send
 *                    without a recipient goes; {@code null}: the user's directory address
 * @param connectable the switch and the proxy rule together: false for a profile outside the applied
 *                    list while the proxy mode is {@code CLIENT_SETTINGS}
 */
record ProfileView(String profileId, String name, String userId, String userName, String deviceId,
                   @Nullable String deviceName, @Nullable DeviceType deviceType, String status, String statusLabel,
                   boolean connectionAllowed, boolean connectable, boolean proxyApplied, boolean localSegment,
                   @Nullable String mail, @Nullable LinkView link, int downloadCount, Instant createdAt, Instant updatedAt) {

    static ProfileView of(Profile profile, @Nullable DeviceFact device, boolean connectable, Locale locale,
                          Instant now) {
        String deviceName = device == null ? null : device.name();
        return new ProfileView(profile.profileId(),
                profile.name(deviceName),
                profile.userId(), profile.userName(), profile.deviceId(), deviceName,
                device == null ? null : device.type(), profile.status().name(), profile.status().label(locale),
                profile.connectionAllowed(), connectable, profile.proxyApplied(), profile.localSegment(),
                profile.mail(), profile.link() == null ? null : LinkView.of(profile.link(), now), profile.downloads().size(),
                profile.createdAt(), profile.updatedAt());
    }

    /** The current link: never its token, which is not kept. */
    record LinkView(Instant issuedAt, Instant expiresAt, @Nullable Integer maxDownloads, @Nullable Integer remaining,
                    String recipient, String subject, @Nullable Instant revokedAt, boolean usable) {

        static LinkView of(DownloadLink link, Instant now) {
            return new LinkView(link.issuedAt(), link.expiresAt(), link.maxDownloads(), link.remaining(),
                    link.recipient(), link.subject(), link.revokedAt(), link.usable(now));
        }
    }
}
