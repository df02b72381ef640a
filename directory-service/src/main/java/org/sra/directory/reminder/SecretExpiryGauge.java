package org.sra.directory.reminder;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.directory.settings.GlobalSettings;
import org.sra.directory.settings.TenantSettings;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Days until each tenant's Entra ID client secret expires, for the dashboard and the "expires in
 * less than 14 days" alert: {@code sra.directory.entra.secret.days.left{tenant}} (0 on the day,
 * negative once expired; days counted in {@code sra.directory.tenant-zone}, as the reminders).
 * The {@code tenant} label is bounded: only secrets expiring within
 * {@code sra.directory.secret-expiry-gauge.within-days} (60) days get a series, at most
 * {@code sra.directory.secret-expiry-gauge.tenants} (20) of them, the soonest first (an expired one
 * before any other). {@code sra.directory.entra.secrets.expiring} counts all of those, labelled or
 * not, so more than the bound still shows.
 *
 * <p>Measured from the store every {@code sra.directory.secret-expiry-gauge.interval} (10 min):
 * the date changes at midnight and an admin's new secret shows within that time.
 */
@Component
public class SecretExpiryGauge {

    static final String DAYS_LEFT = "sra.directory.entra.secret.days.left";
    static final String EXPIRING = "sra.directory.entra.secrets.expiring";

    private final GlobalSettings settings;
    private final Clock clock;
    private final ZoneId zone;
    private final int withinDays;
    private final int limit;
    private final MultiGauge daysLeft;
    private final AtomicInteger expiring = new AtomicInteger();

    @Autowired
    public SecretExpiryGauge(GlobalSettings settings, Clock clock,
                             @Value("${sra.directory.tenant-zone:Asia/Tokyo}") ZoneId zone, MeterRegistry meters,
                             @Value("${sra.directory.secret-expiry-gauge.within-days:60}") int withinDays,
                             @Value("${sra.directory.secret-expiry-gauge.tenants:20}") int limit) {
        this.settings = settings;
        this.clock = clock;
        this.zone = zone;
        this.withinDays = withinDays;
        this.limit = Math.max(0, limit);
        this.daysLeft = MultiGauge.builder("sra.directory.entra.secret.days.left")
                .description("days until the tenant's Entra ID client secret expires (the soonest, within the window)")
                .register(meters);
        Gauge.builder("sra.directory.entra.secrets.expiring", expiring, AtomicInteger::get)
                .description("Entra ID client secrets expiring within the window (or expired), labelled or not")
                .register(meters);
    }

    /** A tenant's secret and the days left to it. */
    record Expiry(String tenant, long days) {
    }

    /** Reads the tenants' Entra ID settings and sets the gauges; returns the labelled ones, soonest first. */
    @Scheduled(initialDelayString = "${sra.directory.secret-expiry-gauge.initial-delay:PT10S}",
            fixedDelayString = "${sra.directory.secret-expiry-gauge.interval:PT10M}")
    public List<Expiry> measure() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<Expiry> soon = new ArrayList<>();
        for (TenantSettings tenant : settings.withEntraId()) {
            LocalDate expiresOn = tenant.entraId().expiresOn();
            if (expiresOn == null) {
                continue;
            }
            long days = ChronoUnit.DAYS.between(today, expiresOn);
            if (days <= withinDays) {
                soon.add(new Expiry(tenant.tenantId(), days));
            }
        }
        soon.sort(Comparator.comparingLong(Expiry::days).thenComparing(Expiry::tenant));
        expiring.set(soon.size());
        List<Expiry> shown = List.copyOf(soon.subList(0, Math.min(limit, soon.size())));
        daysLeft.register(shown.stream()
                .map(expiry -> MultiGauge.Row.of(Tags.of("tenant", expiry.tenant()), expiry.days())).toList(), true);
        return shown;
    }
}
