package org.sra.profile.profile;

import org.springframework.stereotype.Component;
import org.sra.events.secrets.SealContext;
import org.sra.kit.secrets.SecretSealer;

/**
 * The URL of a new link as it leaves this service: only inside {@code ProfileIssued}, sealed
 * for the link's tenant ({@link SealContext#PROFILE_URL}, R-PRO-3); notification-service opens it with the same context.
 */
@Component
class SealedDownloadUrls {

    private final SecretSealer sealer;
    private final ProfileSettings settings;

    SealedDownloadUrls(SecretSealer sealer, ProfileSettings settings) {
        this.sealer = sealer;
        this.settings = settings;
    }

    String of(LinkToken token, String tenantId) {
        return sealer.seal(settings.downloadUrl(token.value()), SealContext.PROFILE_URL.of(tenantId));
    }
}
