package org.sra.notification.delivery;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.sra.events.secrets.SealContext;
import org.sra.kit.secrets.SecretSealer;

/**
 * Opens the download URL that {@code ProfileIssued} carries sealed. The seal context is
 * {@link SealContext#PROFILE_URL}: profile-service must seal with the same, and a URL sealed
 * for one tenant does not open for another. The clear URL is never logged or stored; it exists
 * only while a mail is rendered.
 */
@Component
public class DownloadLinks {

    private static final Logger log = LoggerFactory.getLogger(DownloadLinks.class);

    private final ObjectProvider<SecretSealer> sealer;

    DownloadLinks(ObjectProvider<SecretSealer> sealer) {
        this.sealer = sealer;
    }

    /** The clear URL, or empty when it does not open (other key, other tenant, altered, no key). */
    public Optional<String> open(String tenantId, String sealedUrl) {
        SecretSealer available = sealer.getIfAvailable();
        if (available == null) {
            log.warn("sra.secrets.keys (the profile-url key) is not set: download URLs cannot be opened");
            return Optional.empty();
        }
        try {
            return Optional.of(available.open(sealedUrl, SealContext.PROFILE_URL.of(tenantId)));
        } catch (SecretSealer.SealedValueException e) {
            return Optional.empty();
        }
    }
}
