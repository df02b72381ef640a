package org.sra.profile.download;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.sra.profile.anyconnect.AnyConnectProfiles;
import org.sra.profile.anyconnect.ClientPreferences;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;
import org.sra.profile.localsegment.LocalSegmentAdministration;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileSettings;
import org.sra.profile.proxy.ProxyAdministration;
import org.sra.profile.proxy.ProxyConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Serves a profile file through its link (R-PRO-3, R-PRO-6). Never logs the token. */
@Service
public class Downloads {

    private static final Logger log = LoggerFactory.getLogger(Downloads.class);

    private final DownloadClaims claims;
    private final ProxyAdministration proxy;
    private final LocalSegmentAdministration localSegment;
    private final ProfileSettings settings;
    private final Facts facts;
    private final Counter served;
    private final Counter refused;

    Downloads(DownloadClaims claims, ProxyAdministration proxy, LocalSegmentAdministration localSegment,
              ProfileSettings settings, Facts facts, MeterRegistry meters) {
        this.facts = facts;
        this.claims = claims;
        this.proxy = proxy;
        this.localSegment = localSegment;
        this.settings = settings;
        this.served = meters.counter("sra.profile.downloads", "outcome", "served");
        this.refused = meters.counter("sra.profile.downloads", "outcome", "refused");
    }

    /** The file, or empty when the link serves nothing (wrong, used up, expired, revoked, tenant suspended). */
    public Optional<ProfileFile> download(String token, String sourceIp, @Nullable String userAgent) {
        Optional<Profile> claimed = claims.claim(token, sourceIp, userAgent);
        if (claimed.isEmpty()) {
            refused.increment();
            log.info("Download refused from {}", sourceIp);
            return Optional.empty();
        }
        Profile profile = claimed.get();
        served.increment();
        log.info("Profile {} of tenant {} downloaded from {}, {} left, now {}", profile.profileId(), profile.tenantId(),
                sourceIp, profile.link().remaining() == null ? "unlimited" : profile.link().remaining(),
                profile.status());
        String deviceName = facts.device(profile.tenantId(), profile.deviceId()).map(DeviceFact::name)
                .orElse(profile.deviceId());
        return Optional.of(new ProfileFile(ProfileFile.fileName(profile.userName(), deviceName), file(profile)));
    }

    byte[] file(Profile profile) {
        ProxyConfig config = proxy.current(profile.tenantId()).config();
        ClientPreferences preferences = ClientPreferences.of(config.mode(), config.address(), config.port(),
                profile.proxyApplied(), localSegment.effective(profile));
        return AnyConnectProfiles.write(settings.headendName(), settings.headendHost(), preferences);
    }
}
