package org.sra.profile.profile;

/**
 * How a profile's status moves (R-PRO-4, product guide §4-4 "ステータス一覧"). Plain Java, no
 * framework: every transition of the spec is one method.
 */
public final class StatusFlow {

    private StatusFlow() {
    }

    /**
     * A download mail was sent. The first one waits for the download; any later one is the
     * resend flow, whatever the profile had reached (the previous link is revoked).
     */
    public static ProfileStatus sent(ProfileStatus current) {
        return current == ProfileStatus.MAIL_NOT_SENT ? ProfileStatus.WAITING_DOWNLOAD
                : ProfileStatus.WAITING_DOWNLOAD_RESENT;
    }

    /**
     * The link's validity ran out. Only a link nobody used turns into {@link ProfileStatus#LINK_EXPIRED};
     * a profile that was downloaded keeps its status (its link simply serves nothing any more).
     */
    public static ProfileStatus linkExpired(ProfileStatus current) {
        return current.waitsForDownload() ? ProfileStatus.LINK_EXPIRED : current;
    }

    /**
     * The file was downloaded: ready at once when the device already has its ID (device auth off,
     * serial entered by hand, MAC device), otherwise waiting for the ID to be registered.
     *
     * @throws IllegalStateException when no mail was ever sent (there is no link to download from)
     */
    public static ProfileStatus downloaded(ProfileStatus current, boolean deviceRegistered) {
        if (current == ProfileStatus.MAIL_NOT_SENT) {
            throw new IllegalStateException("a profile without a link cannot be downloaded");
        }
        return deviceRegistered ? ProfileStatus.READY : ProfileStatus.WAITING_DEVICE_REGISTRATION;
    }

    /** The first connection registered the device's serial ID (R-AUT-4). */
    public static ProfileStatus deviceAutoRegistered(ProfileStatus current) {
        return current == ProfileStatus.WAITING_DEVICE_REGISTRATION ? ProfileStatus.READY : current;
    }

    /**
     * The admin entered or cleared the device's ID by hand after the download: only the two
     * downloaded statuses follow it.
     */
    public static ProfileStatus deviceRegistrationChanged(ProfileStatus current, boolean deviceRegistered) {
        if (current == ProfileStatus.WAITING_DEVICE_REGISTRATION && deviceRegistered) {
            return ProfileStatus.READY;
        }
        if (current == ProfileStatus.READY && !deviceRegistered) {
            return ProfileStatus.WAITING_DEVICE_REGISTRATION;
        }
        return current;
    }
}
