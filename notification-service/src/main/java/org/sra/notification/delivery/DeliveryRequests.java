package org.sra.notification.delivery;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.settings.SecretExpiring;
import org.sra.notification.tenant.TenantMailSettingsStore;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns the events that ask for mails into delivery records; the dispatcher sends them. Only
 * writes records (never talks SMTP), so a slow or dead mail server never holds up the consumer.
 * Handling an event again inserts nothing new: each record's id is derived from the event id
 * and the recipient. Bad input becomes a dead delivery with its reason, never an exception.
 */
@Component
public class DeliveryRequests {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRequests.class);

    private final DeliveryPlanner planner;
    private final Deliveries deliveries;
    private final TenantMailSettingsStore tenants;
    private final DownloadLinks links;
    private final NotificationSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;

    DeliveryRequests(DeliveryPlanner planner, Deliveries deliveries, TenantMailSettingsStore tenants,
                     DownloadLinks links, NotificationSettings settings, Clock clock, MeterRegistry meters) {
        this.planner = planner;
        this.deliveries = deliveries;
        this.tenants = tenants;
        this.links = links;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    public void onProfileIssued(EventEnvelope envelope, ProfileIssued issued) {
        boolean linkOpens = issued.sealedDownloadUrl() != null
                && links.open(issued.tenantId(), issued.sealedDownloadUrl()).isPresent();
        record(envelope, planner.profileDownload(issued, tenants.of(issued.tenantId()), linkOpens));
    }

    public void onAutoRegistrationFailed(EventEnvelope envelope, DeviceAutoRegistrationFailed failed) {
        record(envelope, planner.autoRegistrationFailed(failed, envelope.occurredAt(), tenants.of(failed.tenantId())));
    }

    public void onAutoRegistered(EventEnvelope envelope, DeviceAutoRegistered registered) {
        if (registered.registeredNow()) { // a confirmation mails nothing: no read of the tenant's settings
            record(envelope, planner.autoRegistered(registered, envelope.occurredAt(), tenants.of(registered.tenantId())));
        }
    }

    public void onSecretExpiring(EventEnvelope envelope, SecretExpiring expiring) {
        record(envelope, planner.secretExpiring(expiring, tenants.of(expiring.tenantId())));
    }

    private void record(EventEnvelope envelope, List<PlannedMail> mails) {
        int added = 0;
        int rejected = 0;
        for (PlannedMail mail : mails) {
            Delivery delivery = Delivery.planned(envelope, mail, settings.messageIdDomain(), clock.instant());
            if (deliveries.addIfAbsent(delivery)) {
                added++;
                if (mail.rejection() != null) {
                    rejected++;
                    log.warn("{} mail to {} for event {} cannot be sent: {}", mail.kind(), delivery.maskedRecipient(),
                            envelope.eventId(), mail.rejection());
                }
                meters.counter("sra.notifications.planned", "kind", mail.kind().name(),
                        "outcome", mail.rejection() == null ? "queued" : "rejected").increment();
            }
        }
        log.info("{} {}: {} mail(s) asked for, {} new, {} rejected as bad input", envelope.type(), envelope.eventId(),
                mails.size(), added, rejected);
    }
}
