package org.sra.profile.profile;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * profile-service settings ({@code sra.profile.*}).
 *
 * @param publicBaseUrl       where end users reach the gateway; download links are {@code <this>/download/<token>}
 * @param headendHost         the VPN headend written into every profile's server list (R-PRO-6); one
 *                            for the platform until headend data travels per tenant in events
 * @param headendName         the name the VPN client shows for that headend
 * @param expiryCheckInterval how often expired links are looked for (R-PRO-4)
 */
@ConfigurationProperties("sra.profile")
public record ProfileSettings(@DefaultValue("http://localhost:8080") URI publicBaseUrl,
                              @DefaultValue("vpn.example.com") String headendHost,
                              @DefaultValue("SRA VPN") String headendName,
                              @DefaultValue("PT1M") Duration expiryCheckInterval) {

    /** The download URL of a token. */
    public String downloadUrl(String token) {
        String base = publicBaseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/download/" + token;
    }
}
