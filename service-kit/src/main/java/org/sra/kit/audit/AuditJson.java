package org.sra.kit.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a view of a changed thing into the JSON the audit trail keeps, masking every field
 * whose name says it is a secret (password, secret, token, key…), at any depth.
 */
public final class AuditJson {

    public static final String MASK = "********";
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "key", "credential");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AuditJson() {
    }

    /** JSON of {@code view} with secrets masked, or null for null. */
    public static String of(Object view) {
        if (view == null) {
            return null;
        }
        JsonNode tree = MAPPER.valueToTree(view);
        mask(tree);
        return MAPPER.writeValueAsString(tree);
    }

    /**
     * The name the console shows for the thing a view describes: its first of {@code name},
     * {@code userName}, {@code loginId}, {@code profileId} that is a non-blank text; null when it
     * has none (a setting).
     */
    public static String nameOf(Object view) {
        if (view == null) {
            return null;
        }
        JsonNode tree = MAPPER.valueToTree(view);
        for (String field : NAME_FIELDS) {
            JsonNode value = tree.get(field);
            if (value != null && value.isString() && !value.asString().isBlank()) {
                return value.asString();
            }
        }
        return null;
    }

    private static final List<String> NAME_FIELDS = List.of("name", "userName", "loginId", "profileId");

    static boolean isSecret(String fieldName) {
        String lower = fieldName.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            List<String> secrets = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecret(field.getKey()) && !field.getValue().isNull()) {
                    secrets.add(field.getKey());
                } else {
                    mask(field.getValue());
                }
            }
            secrets.forEach(name -> object.put(name, MASK));
        } else if (node != null && node.isArray()) {
            node.forEach(AuditJson::mask);
        }
    }
}
