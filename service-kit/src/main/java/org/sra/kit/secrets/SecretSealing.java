package org.sra.kit.secrets;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Builds a service's {@link SecretSealer} from its settings: {@code sra.secrets.keys} (the keys of
 * its seal contexts), {@code sra.secrets.key} (the previous single key, only where values sealed
 * with it must still open) and {@code sra.secrets.contexts} (the contexts the service seals or
 * opens, from its {@code application.yml}). Start-up fails when a listed context has no key;
 * keys of contexts the service does not use are reported, since it should not hold them.
 */
public final class SecretSealing {

    private static final Logger log = LoggerFactory.getLogger(SecretSealing.class);

    private SecretSealing() {
    }

    public static SecretSealer create(String keys, String legacyKey, Collection<String> contexts) {
        SecretSealer sealer = SecretSealer.fromSettings(keys, legacyKey);
        SecretKeyring keyring = sealer.keyring();
        Set<String> needed = new LinkedHashSet<>(contexts == null ? Set.of() : contexts);
        needed.removeIf(String::isBlank);
        if (keyring.isEmpty()) {
            log.warn("Secrets are sealed with the previous single key (sra.secrets.key) for every context: "
                    + "give this service sra.secrets.keys with the keys of {} instead (see service-kit's README)",
                    needed.isEmpty() ? "its contexts" : needed);
            return sealer;
        }
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(keyring.contexts());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("sra.secrets.keys (SRA_SECRETS_KEYS) lacks the keys of seal contexts "
                    + missing + " this service uses: derive them from the master key (see service-kit's README)");
        }
        Set<String> extra = new TreeSet<>(keyring.contexts());
        extra.removeAll(needed);
        if (!needed.isEmpty() && !extra.isEmpty()) {
            log.warn("sra.secrets.keys holds keys of seal contexts {} this service does not use: remove them", extra);
        }
        log.info("Seal keys held (context [key ids], the newest seals): {}{}", keyring.describe(),
                sealer.opensPreviousValues() ? "; values sealed with the previous single key still open" : "");
        return sealer;
    }

    /** {@code sra.secrets.contexts}, written as a YAML list or as comma-separated text. */
    public static List<String> contexts(Environment environment) {
        return Binder.get(environment)
                .bind("sra.secrets.contexts", Bindable.listOf(String.class))
                .orElse(List.of());
    }

    /** True when {@code sra.secrets.keys} or {@code sra.secrets.key} is set. */
    public static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String keys = context.getEnvironment().getProperty("sra.secrets.keys");
            String key = context.getEnvironment().getProperty("sra.secrets.key");
            return keys != null && !keys.isBlank() || key != null && !key.isBlank();
        }
    }
}
