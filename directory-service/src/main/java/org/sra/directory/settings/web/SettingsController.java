package org.sra.directory.settings.web;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.connector.ad.CaCertificates;
import org.sra.directory.settings.ActiveDirectoryConfig;
import org.sra.directory.settings.ActiveDirectoryForm;
import org.sra.directory.settings.EntraIdConfig;
import org.sra.directory.settings.EntraIdForm;
import org.sra.directory.settings.GlobalSettings;
import org.sra.directory.settings.TenantSettings;
import org.sra.directory.settings.TimeZones;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.LdapTransport;
import org.sra.kit.security.TenantId;
import org.sra.kit.error.DomainException;

/** 全体設定 (R-SET-1..8). Secrets go in and never come out: the admin password shows as a mask. */
@RestController
@RequestMapping("/api/settings")
class SettingsController {

    static final String MASK = "********";

    private final GlobalSettings settings;

    SettingsController(GlobalSettings settings) {
        this.settings = settings;
    }

    /**
     * The CA certificate(s) are public: the PEM comes back as saved (the dialog shows it again) with
     * a summary of each ({@code caCertificates}: subject, issuer, expiry, SHA-256), empty when none.
     */
    record ActiveDirectoryView(String primaryHost, String primaryIp, String secondaryHost, String secondaryIp,
                               String domain, String adminUser, String adminPassword, String netbiosDomain,
                               LdapTransport transport, String caCertificatesPem,
                               List<CaCertificates.Summary> caCertificates) {

        static ActiveDirectoryView of(ActiveDirectoryConfig config) {
            return config == null ? null : new ActiveDirectoryView(config.primaryHost(), config.primaryIp(),
                    config.secondaryHost(), config.secondaryIp(), config.domain(), config.adminUser(), MASK,
                    config.netbiosDomain(), config.transport(), config.caCertificatesPem(),
                    summaries(config.caCertificatesPem()));
        }

        private static List<CaCertificates.Summary> summaries(String pem) {
            if (pem == null) {
                return List.of();
            }
            try {
                return CaCertificates.read(pem).stream().map(CaCertificates.Summary::of).toList();
            } catch (CaCertificates.Invalid e) {
                return List.of();
            }
        }
    }

    /** The client secret always shows as the mask; the admin credentials of the check are not kept at all. */
    record EntraIdView(String domain, String clientId, String clientSecret, LocalDate secretExpiresOn) {

        static EntraIdView of(EntraIdConfig config) {
            return config == null ? null
                    : new EntraIdView(config.domain(), config.clientId(), MASK, config.expiresOn());
        }
    }

    /** {@code vpnPool} is set by the operator and read-only here (R-SET-8). */
    record SettingsView(AuthType authType, boolean autoRegistration, boolean notifyOnFailure,
                        List<String> notificationAddresses, String primaryDns, String secondaryDns, String vpnPool,
                        String mailLanguage, ActiveDirectoryView activeDirectory, EntraIdView entraId,
                        String timeZone) {
    }

    /** タイムゾーン: an IANA zone id such as {@code Asia/Tokyo}. */
    record TimeZoneChoice(@Size(max = 100) String timeZone) {
    }

    /** メールの言語: {@code ja} or {@code en}. */
    record MailLanguage(@Size(max = 100) String mailLanguage) {
    }

    record DeviceRegistration(@NotNull Boolean autoRegistration, @NotNull Boolean notifyOnFailure) {
    }

    /** One address per line; empty for none (登録なし). */
    /** The lines are required: an empty body is not "no addresses" (that is an empty text). */
    record NotificationAddressLines(@NotNull @Size(max = 10_000) String addresses) {
    }

    record DnsServers(@Size(max = 100) String primaryDns, @Size(max = 100) String secondaryDns) {
    }

    record AuthTypeChoice(@NotNull AuthType authType) {
    }

    @GetMapping
    SettingsView get(TenantId tenant) {
        return view(settings.get(tenant.value()));
    }

    @PutMapping("/device-registration")
    SettingsView deviceRegistration(TenantId tenant, @Valid @RequestBody DeviceRegistration request) {
        return view(settings.changeDeviceRegistration(tenant.value(), request.autoRegistration(),
                request.notifyOnFailure()));
    }

    @PutMapping("/notification-addresses")
    SettingsView notificationAddresses(TenantId tenant, @Valid @RequestBody NotificationAddressLines request) {
        return view(settings.changeNotificationAddresses(tenant.value(), request.addresses()));
    }

    @PutMapping("/mail-language")
    SettingsView mailLanguage(TenantId tenant, @Valid @RequestBody MailLanguage request) {
        return view(settings.changeMailLanguage(tenant.value(), request.mailLanguage()));
    }

    @PutMapping("/time-zone")
    SettingsView timeZone(TenantId tenant, @Valid @RequestBody TimeZoneChoice request) {
        return view(settings.changeTimeZone(tenant.value(), request.timeZone()));
    }

    /** The zones the select offers (those {@code PUT /time-zone} accepts), sorted. */
    @GetMapping("/time-zones")
    List<String> timeZones(TenantId tenant) {
        return TimeZones.all();
    }

    @PutMapping("/dns")
    SettingsView dns(TenantId tenant, @Valid @RequestBody DnsServers request) {
        if (request.primaryDns() == null && request.secondaryDns() == null) {
            // an empty (or misspelt) body is a mistake, not "no DNS servers" (that is empty text)
            throw DomainException.invalid("dns-missing");
        }
        return view(settings.changeDns(tenant.value(), request.primaryDns(), request.secondaryDns()));
    }

    @PutMapping("/auth-type")
    SettingsView authType(TenantId tenant, @Valid @RequestBody AuthTypeChoice request) {
        return view(settings.chooseAuthType(tenant.value(), request.authType()));
    }

    @PutMapping("/active-directory")
    SettingsView activeDirectory(TenantId tenant, @RequestBody ActiveDirectoryForm request) {
        return view(settings.configureActiveDirectory(tenant.value(), request));
    }

    /** Verified (token, Graph, admin sign-in) before anything is saved (R-SET-3). */
    @PutMapping("/entra-id")
    SettingsView entraId(TenantId tenant, @RequestBody EntraIdForm request) {
        return view(settings.configureEntraId(tenant.value(), request));
    }

    private SettingsView view(TenantSettings s) {
        return new SettingsView(s.authType(), s.autoRegistration(), s.notifyOnFailure(), s.notificationAddresses(),
                s.primaryDns(), s.secondaryDns(), settings.vpnPool(s.tenantId()), s.language(),
                ActiveDirectoryView.of(s.activeDirectory()), EntraIdView.of(s.entraId()), s.timeZone());
    }
}
