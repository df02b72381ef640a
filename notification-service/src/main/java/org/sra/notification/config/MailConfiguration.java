package org.sra.notification.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.sra.notification.delivery.Deliveries;
import org.sra.notification.delivery.DeliveryDispatcher;
import org.sra.notification.delivery.DeliveryPlanner;
import org.sra.notification.delivery.DownloadLinks;
import org.sra.notification.delivery.NotificationSettings;
import org.sra.notification.delivery.RetrySchedule;
import org.sra.notification.mail.MailTemplates;
import org.sra.notification.mail.SmtpConnections;
import org.sra.notification.mail.SmtpMailer;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/** The plain-Java mail pieces, wired with Spring Mail's sender and Resilience4j's {@code smtp} instances. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    /** Name of the Resilience4j retry and circuit-breaker instances around SMTP. */
    static final String SMTP = "smtp";

    @Bean
    MailTemplates mailTemplates(NotificationSettings settings) {
        return new MailTemplates(settings.timeZone());
    }

    @Bean
    SmtpMailer smtpMailer(JavaMailSenderImpl sender, CircuitBreakerRegistry breakers, RetryRegistry retries,
                          NotificationSettings settings) {
        SmtpConnections connections = new SmtpConnections(sender, settings.smtp().idleLimit(),
                settings.smtp().mailsPerConnection());
        return new SmtpMailer(connections, breakers.circuitBreaker(SMTP), retries.retry(SMTP), settings.from());
    }

    @Bean
    DeliveryPlanner deliveryPlanner() {
        return new DeliveryPlanner();
    }

    @Bean
    RetrySchedule retrySchedule(NotificationSettings settings) {
        NotificationSettings.Retry retry = settings.retry();
        return new RetrySchedule(retry.maxAttempts(), retry.firstBackOff(), retry.maxBackOff());
    }

    @Bean
    DeliveryDispatcher deliveryDispatcher(Deliveries deliveries, MailTemplates templates, SmtpMailer mailer,
                                          DownloadLinks links, RetrySchedule schedule, NotificationSettings settings,
                                          Clock clock, MeterRegistry meters) {
        return new DeliveryDispatcher(deliveries, templates, mailer, links, schedule, settings, clock, meters);
    }
}
