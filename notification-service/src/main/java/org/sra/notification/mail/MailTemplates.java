package org.sra.notification.mail;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.sra.events.mail.MailKind;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders each mail from its Thymeleaf templates {@code mail/<ja|en>/<kind>.subject.txt},
 * {@code .txt} and {@code .html} (R-NOT-1). Variables are the delivery's parameters; every
 * {@code …At} (instant) and {@code …On} (date) parameter also gets a {@code …Text} variable
 * formatted for the language in the tenant's time zone (the {@code timeZone} parameter; the
 * configured zone without one), the zone named: {@code 2026/12/07 16:05:00 JST (Asia/Tokyo)} in
 * Japanese, ISO-like {@code 2026-12-07 16:05:00 JST (Asia/Tokyo)} in English. Plain Java around its own engine, so
 * the templates are unit-tested without Spring.
 */
public class MailTemplates {

    private static final Map<MailLanguage, DateTimeFormatter> TIMES = Map.of(
            MailLanguage.JA, DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss z (VV)", Locale.JAPANESE),
            MailLanguage.EN, DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss z (VV)", Locale.ENGLISH));
    private static final Map<MailLanguage, DateTimeFormatter> DATES = Map.of(
            MailLanguage.JA, DateTimeFormatter.ofPattern("uuuu/MM/dd", Locale.JAPANESE),
            MailLanguage.EN, DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ENGLISH));

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final ZoneId zone;

    public MailTemplates(ZoneId zone) {
        this.zone = zone;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }

    public RenderedMail render(MailKind kind, MailLanguage language, Map<String, String> parameters) {
        Context context = new Context(language == MailLanguage.EN ? Locale.ENGLISH : Locale.JAPANESE);
        variables(language, parameters).forEach(context::setVariable);
        String base = language.code() + "/" + slug(kind);
        String subject = engine.process(base + ".subject.txt", context).strip().replaceAll("[\\r\\n]+", " ");
        return new RenderedMail(subject, engine.process(base + ".txt", context), engine.process(base + ".html", context));
    }

    private Map<String, Object> variables(MailLanguage language, Map<String, String> parameters) {
        Map<String, Object> variables = new HashMap<>(parameters);
        ZoneId shownIn = zoneOf(parameters.get("timeZone"));
        parameters.forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            if (name.endsWith("At")) {
                variables.put(name + "Text", TIMES.get(language).format(Instant.parse(value).atZone(shownIn)));
            } else if (name.endsWith("On")) {
                variables.put(name + "Text", DATES.get(language).format(LocalDate.parse(value)));
            }
        });
        return variables;
    }

    /** The tenant's zone; the configured one when none is named or the name is not a zone. */
    private ZoneId zoneOf(String id) {
        if (id == null || id.isBlank()) {
            return zone;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return zone;
        }
    }

    static String slug(MailKind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
