package org.sra.profile.profile;

import org.springframework.stereotype.Component;
import org.sra.kit.secrets.SecretSealer;

/**
 * The URL of a new link as it leaves this service: only inside {@code ProfileIssued}, sealed
 * for the link's tenant (R-PRO-3). notification-service opens it with the same context.
 */
@Component
class SealedDownloadUrls {

    /** Context the download URL is sealed with; notification-service opens it with the same. */
    static final String URL_SEAL_CONTEXT = "profile-url:";

    private final SecretSealer sealer;
    private final ProfileSettings settings;

    SealedDownloadUrls(SecretSealer sealer, ProfileSettings settings) {
        this.sealer = sealer;
        this.settings = settings;
    }

    String of(LinkToken token, String tenantId) {
        return sealer.seal(settings.downloadUrl(token.value()), URL_SEAL_CONTEXT + tenantId);
    }
}
