package org.sra.kit.secrets;

import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The per-context keys one service holds: for each context name (the part of a seal context
 * before the first {@code :}, e.g. {@code nas-secret}), one or more 32-byte keys by key id. The
 * highest id seals, every id opens. Written in {@code sra.secrets.keys} as
 * {@code <context>.<id>=<base64 key>} entries separated by commas, semicolons or white space,
 * e.g. {@code nas-secret.1=Zm9v…, nas-secret.2=YmFy…, local-password.2=cXV4…}.
 *
 * <p>The keys are derived from a master key with {@link Hkdf#contextKey} by whoever deploys the
 * services (the local stack, an operator's script), so a service never holds the master key nor
 * the keys of contexts it does not seal or open.
 */
public final class SecretKeyring {

    private static final Pattern CONTEXT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");

    private final Map<String, SortedMap<Integer, byte[]>> keys;

    private SecretKeyring(Map<String, SortedMap<Integer, byte[]>> keys) {
        this.keys = keys;
    }

    /** No keys at all. */
    public static SecretKeyring empty() {
        return new SecretKeyring(Map.of());
    }

    /**
     * Parses the text of {@code sra.secrets.keys}.
     *
     * @throws IllegalArgumentException naming the bad entry by context and id, never by its key
     */
    public static SecretKeyring parse(String text) {
        Map<String, SortedMap<Integer, byte[]>> keys = new TreeMap<>();
        if (text == null) {
            return new SecretKeyring(keys);
        }
        for (String entry : SEPARATORS.split(text.strip())) {
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            int dot = equals < 0 ? -1 : entry.lastIndexOf('.', equals);
            if (equals < 0 || dot < 0) {
                throw new IllegalArgumentException("sra.secrets.keys: an entry is not <context>.<id>=<base64 key>");
            }
            String name = entry.substring(0, dot);
            String label = entry.substring(0, equals);
            if (!CONTEXT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("sra.secrets.keys: bad context name in " + label);
            }
            int id;
            try {
                id = Integer.parseInt(entry.substring(dot + 1, equals));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sra.secrets.keys: the key id of " + label + " is not a number");
            }
            if (id < 1) {
                throw new IllegalArgumentException("sra.secrets.keys: the key id of " + label + " must be 1 or more");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(equals + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sra.secrets.keys: the key of " + label + " is not base64");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("sra.secrets.keys: the key of " + label + " must be 32 bytes");
            }
            if (keys.computeIfAbsent(name, n -> new TreeMap<>()).putIfAbsent(id, key) != null) {
                throw new IllegalArgumentException("sra.secrets.keys: " + label + " is given twice");
            }
        }
        return new SecretKeyring(keys);
    }

    /**
     * The keys of {@code contexts} derived from master keys by id (e.g. {@code {1: old, 2: new}}):
     * context key {@code n} = HKDF(master key {@code n}, info = context name).
     */
    public static SecretKeyring derive(Map<Integer, byte[]> masterKeys, Set<String> contexts) {
        Map<String, SortedMap<Integer, byte[]>> keys = new TreeMap<>();
        for (String name : contexts) {
            if (!CONTEXT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad context name " + name);
            }
            SortedMap<Integer, byte[]> byId = new TreeMap<>();
            masterKeys.forEach((id, master) -> {
                if (id < 1) {
                    throw new IllegalArgumentException("master key ids start at 1");
                }
                byId.put(id, Hkdf.contextKey(master, name));
            });
            keys.put(name, byId);
        }
        return new SecretKeyring(keys);
    }

    /** The text for {@code sra.secrets.keys} (contains the keys: hand it to the service, never log it). */
    public String format() {
        return keys.entrySet().stream()
                .flatMap(context -> context.getValue().entrySet().stream().map(key -> context.getKey() + "."
                        + key.getKey() + "=" + Base64.getEncoder().encodeToString(key.getValue())))
                .collect(Collectors.joining(","));
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The context names this keyring has keys for. */
    public Set<String> contexts() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    /** The key ids of one context, oldest first; empty when the context has no keys here. */
    public Set<Integer> ids(String contextName) {
        SortedMap<Integer, byte[]> byId = keys.get(contextName);
        return byId == null ? Set.of() : Collections.unmodifiableSet(byId.keySet());
    }

    /** Context names and key ids, without the keys: safe to log. */
    public String describe() {
        return keys.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().keySet())
                .collect(Collectors.joining(", "));
    }

    Optional<Integer> newestId(String contextName) {
        SortedMap<Integer, byte[]> byId = keys.get(contextName);
        return byId == null ? Optional.empty() : Optional.of(byId.lastKey());
    }

    Optional<byte[]> key(String contextName, int id) {
        SortedMap<Integer, byte[]> byId = keys.get(contextName);
        return Optional.ofNullable(byId == null ? null : byId.get(id));
    }

    @Override
    public String toString() {
        return "SecretKeyring[" + describe() + "]";
    }
}
