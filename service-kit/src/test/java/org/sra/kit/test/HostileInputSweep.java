package org.sra.kit.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Sends hostile input to every operation of a running service, as its own OpenAPI description
 * ({@code /v3/api-docs}) lists them, and checks that each answer is a 4xx RFC 9457 problem
 * (problem+json, a {@code urn:sra:problem:} type, a Japanese {@code detail} with every message
 * argument filled in) and that nothing in
 * the service's database changed.
 *
 * <p>For every operation (path × method; path variables filled with the ids given by
 * {@link #pathValue}, else a random UUID; required query parameters with a value of their type):
 * <ul>
 *   <li>{@code multipart-unclosed}, {@code multipart-no-boundary}: a multipart body without closing
 *       boundary, and one without the boundary parameter (expected: {@code malformed-multipart});</li>
 *   <li>{@code uri-too-long}: a 20 kB query string (refused by Tomcat itself);</li>
 *   <li>for operations with {@code page}/{@code size} query parameters: {@code size-huge}
 *       (size=100000), {@code page-negative} (page=-1), {@code size-text} (size=abc);</li>
 *   <li>for operations with a request body: {@code wrong-content-type} ({@code application/xml});</li>
 *   <li>for operations with a JSON request body: {@code json-empty} ({@code {}}),
 *       {@code json-misspelt:<field>} (a body of the schema's shape with one top-level field
 *       misspelt; expected: {@code unknown-field}), {@code json-int-as-text:<path>} ({@code "7"}) and {@code json-int-fraction:<path>}
 *       ({@code 7.5}) for every whole-number field (expected: {@code malformed-body}),
 *       {@code json-nul:<path>}, {@code json-control:<path>} (ESC) and {@code json-bidi:<path>}
 *       (U+202E) for every free-text field (expected: {@code forbidden-characters}), and
 *       {@code json-not-json}.</li>
 * </ul>
 * The JSON bodies are built from the operation's request schema with a plausible value in every
 * field, so that the one hostile value is what the service has to refuse, not a missing field.
 *
 * <p>The store is compared field by field: it is snapshot once it is quiet (no outbox markers,
 * two reads 300 ms apart alike) before the sweep, its digest after each operation (to name the
 * operation that changed it at once), and again once quiet after the sweep (so that what events
 * would have changed had time to). Bookkeeping collections, which a refused request may rightly
 * touch, are left out: the kit's {@code outbox_pending}, {@code outbox_relay} and
 * {@code handled_events}, and what a service names with {@link #bookkeeping}.
 *
 * <p>Exceptions are explicit and carry their reason: {@link #accepts} (the operation rightly
 * ignores that input and may answer 2xx; still never 5xx, never a change), {@link #knownGap}
 * (a finding recorded in the service's README, reported but not failing) and {@link #skip}. An
 * exception that no longer matches anything is reported as a violation, so the list cannot rot.
 */
public final class HostileInputSweep {

    /** The kit's bookkeeping: outbox markers, the relay's lease, handled event ids. */
    private static final Map<String, String> KIT_BOOKKEEPING = Map.of(
            "outbox_pending", "outbox markers: written and removed as the relay works",
            "outbox_relay", "the relay's lease, renewed on a timer",
            "handled_events", "ids of consumed events, recorded as they arrive");

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
    /** A message argument the problem did not supply: "1 ～ {0}". */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
    private static final String PROBLEM_TYPE_PREFIX = "urn:sra:problem:";
    private static final List<String> METHODS = List.of("get", "head", "post", "put", "patch", "delete");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final MongoTemplate mongo;
    private String tenantToken;
    private String operatorToken = TestTokens.operator();
    private Function<String, String> authorizationForPath = path -> null;
    private final Map<String, String> pathValues = new LinkedHashMap<>();
    private final Map<String, String> bookkeeping = new TreeMap<>(KIT_BOOKKEEPING);
    private final List<Waiver> waivers = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private Duration settleTimeout = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HostileInputSweep(int port, MongoTemplate mongo) {
        this.port = port;
        this.mongo = mongo;
    }

    /** A sweep of the service on {@code localhost:port} whose database {@code mongo} reaches. */
    public static HostileInputSweep against(int port, MongoTemplate mongo) {
        return new HostileInputSweep(port, mongo);
    }

    /** Calls outside {@code /api/operator/} carry an admin token of this tenant. */
    public HostileInputSweep tenantAdmin(String tenantId) {
        this.tenantToken = TestTokens.admin(tenantId);
        return this;
    }

    /** Calls outside {@code /api/operator/} carry this token (e.g. a real admin's, from a login). */
    public HostileInputSweep tenantToken(String token) {
        this.tenantToken = token;
        return this;
    }

    /** The token for calls under {@code /api/operator/} (default {@link TestTokens#operator()}). */
    public HostileInputSweep operatorToken(String token) {
        this.operatorToken = token;
        return this;
    }

    /**
     * The {@code Authorization} header per path template instead (e.g. HTTP Basic for a NAS's
     * API); null: the bearer token the other settings give.
     */
    public HostileInputSweep authorization(Function<String, String> authorizationForPath) {
        this.authorizationForPath = authorizationForPath;
        return this;
    }

    /** The value of path variable {@code {name}} in every operation that has it (else a random UUID). */
    public HostileInputSweep pathValue(String name, String value) {
        pathValues.put(name, value);
        return this;
    }

    /** A collection a refused request may rightly change (counters, logs, leases), with the reason. */
    public HostileInputSweep bookkeeping(String collection, String reason) {
        bookkeeping.put(collection, requireReason(reason));
        return this;
    }

    /**
     * The operation ({@code "POST /api/x/{id}"}) rightly takes inputs whose name starts with
     * {@code inputPrefix} ({@code "*"}: all) and may answer 2xx to them (e.g. {@code {}} where every
     * field is optional), changing what such a request rightly changes: the store is read again once
     * quiet, and the rest of the sweep must leave that alone. Still never 5xx.
     */
    public HostileInputSweep accepts(String operation, String inputPrefix, String reason) {
        waivers.add(new Waiver(Kind.ACCEPTS, operation, inputPrefix, requireReason(reason)));
        return this;
    }

    /**
     * A finding too large to fix here, recorded in the service's README: violations of the
     * operation ({@code "*"}: any) for inputs starting with {@code inputPrefix} are listed, not failed.
     */
    public HostileInputSweep knownGap(String operation, String inputPrefix, String reason) {
        waivers.add(new Waiver(Kind.KNOWN_GAP, operation, inputPrefix, requireReason(reason)));
        return this;
    }

    /** Leaves an operation out altogether. */
    public HostileInputSweep skip(String operation, String reason) {
        skipped.put(operation, requireReason(reason));
        return this;
    }

    /** How long to wait for the store to become quiet before and after the sweep (default 30 s). */
    public HostileInputSweep settleTimeout(Duration timeout) {
        this.settleTimeout = timeout;
        return this;
    }

    /** Runs the sweep; the report lists every violation. */
    public Report run() {
        Map<String, Object> api = readApi();
        List<Operation> operations = operations(api);
        Report report = new Report();
        Map<String, Map<String, String>> before = settled("before the sweep", report);
        Map<String, String> digest = new TreeMap<>(digest(before));
        for (Operation operation : operations) {
            if (skipped.containsKey(operation.name())) {
                continue;
            }
            boolean accepted = false;
            for (Input input : inputs(operation, api)) {
                accepted |= send(operation, input, report);
            }
            report.operations.add(operation.name());
            if (accepted) {
                // a 2xx the operation may rightly give changes what it rightly changes: the store
                // as it settles after that is what the rest of the sweep must leave alone
                before = settled("after the accepted answers of " + operation.name(), report);
                digest.clear();
                digest.putAll(digest(before));
                continue;
            }
            Map<String, String> now = digest(snapshot());
            if (!now.equals(digest)) {
                List<String> changed = now.keySet().stream().filter(c -> !Objects.equals(now.get(c), digest.get(c)))
                        .toList();
                List<String> gone = digest.keySet().stream().filter(c -> !now.containsKey(c)).toList();
                report.violation(operation.name(), "*", "changed the store: " + changed + (gone.isEmpty() ? "" : " " + gone),
                        this::exceptionFor);
                digest.clear();
                digest.putAll(now);
            }
        }
        Map<String, Map<String, String>> after = settled("after the sweep", report);
        for (String difference : differences(before, after)) {
            report.violation("(store)", "*", difference, this::exceptionFor);
        }
        for (Waiver exception : waivers) {
            if (!exception.used) {
                report.violation(exception.operation, exception.inputPrefix, "exception no longer needed ("
                        + exception.kind.name().toLowerCase(Locale.ROOT) + ": " + exception.reason + ")", (o, i) -> null);
            }
        }
        skipped.keySet().stream().filter(s -> operations.stream().noneMatch(o -> o.name().equals(s)))
                .forEach(s -> report.violation(s, "*", "skipped operation does not exist", (o, i) -> null));
        report.bookkeeping.putAll(bookkeeping);
        return report;
    }

    // ---------------------------------------------------------------- the API

    private Map<String, Object> readApi() {
        HttpResponse<String> answer = exchange(HttpRequest.newBuilder(uri("/v3/api-docs")).GET());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("/v3/api-docs answered " + answer.statusCode());
        }
        return JSON.readValue(answer.body(), Map.class);
    }

    record Parameter(String name, String in, boolean required, Map<String, Object> schema) {
    }

    record Operation(String method, String path, List<Parameter> parameters, Map<String, Object> requestBody) {

        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        Set<String> contentTypes() {
            return requestBody == null ? Set.of() : map(requestBody.get("content")).keySet();
        }

        Map<String, Object> jsonSchema() {
            Map<String, Object> content = requestBody == null ? Map.of() : map(requestBody.get("content"));
            for (Map.Entry<String, Object> entry : content.entrySet()) {
                if (entry.getKey().startsWith("application/json") || entry.getKey().endsWith("+json")) {
                    return map(map(entry.getValue()).get("schema"));
                }
            }
            return null;
        }

        boolean hasQuery(String name) {
            return parameters.stream().anyMatch(p -> p.in().equals("query") && p.name().equals(name));
        }
    }

    private static List<Operation> operations(Map<String, Object> api) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, Object> path : map(api.get("paths")).entrySet()) {
            Map<String, Object> item = map(path.getValue());
            for (String method : METHODS) {
                if (!item.containsKey(method)) {
                    continue;
                }
                Map<String, Object> operation = map(item.get(method));
                List<Parameter> parameters = new ArrayList<>();
                for (Object raw : list(item.get("parameters"))) {
                    parameters.add(parameter(api, map(raw)));
                }
                for (Object raw : list(operation.get("parameters"))) {
                    parameters.add(parameter(api, map(raw)));
                }
                Map<String, Object> body = operation.containsKey("requestBody")
                        ? resolve(api, map(operation.get("requestBody"))) : null;
                operations.add(new Operation(method, path.getKey(), parameters, body));
            }
        }
        operations.sort(Comparator.comparing(Operation::path).thenComparing(Operation::method));
        return operations;
    }

    private static Parameter parameter(Map<String, Object> api, Map<String, Object> raw) {
        Map<String, Object> parameter = resolve(api, raw);
        return new Parameter(String.valueOf(parameter.get("name")), String.valueOf(parameter.get("in")),
                Boolean.TRUE.equals(parameter.get("required")), resolve(api, map(parameter.get("schema"))));
    }

    // ---------------------------------------------------------------- the inputs

    /** One request: a name for the report, what to send, and the problem type it must draw (or null: any). */
    record Input(String name, String query, String contentType, byte[] body, String expectedSlug, String field) {

        Input(String name, String query, String contentType, byte[] body, String expectedSlug) {
            this(name, query, contentType, body, expectedSlug, null);
        }
    }

    private List<Input> inputs(Operation operation, Map<String, Object> api) {
        List<Input> inputs = new ArrayList<>();
        String multipart = "--sweep\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sweep.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nname\r\nsweep\r\n";
        inputs.add(new Input("multipart-unclosed", null, "multipart/form-data; boundary=sweep", bytes(multipart),
                "malformed-multipart"));
        inputs.add(new Input("multipart-no-boundary", null, "multipart/form-data", bytes(multipart),
                "malformed-multipart"));
        inputs.add(new Input("uri-too-long", "q=" + "a".repeat(20 * 1024), null, null, null));
        if (operation.hasQuery("size")) {
            inputs.add(new Input("size-huge", "page=0&size=100000", null, null, null));
            inputs.add(new Input("size-text", "size=abc", null, null, null));
        }
        if (operation.hasQuery("page")) {
            inputs.add(new Input("page-negative", "page=-1" + (operation.hasQuery("size") ? "&size=10" : ""), null, null,
                    null));
        }
        if (operation.requestBody() != null) {
            inputs.add(new Input("wrong-content-type", null, "application/xml", bytes("<sweep/>"), null));
        }
        Map<String, Object> schema = operation.jsonSchema();
        if (schema != null) {
            String json = "application/json";
            inputs.add(new Input("json-empty", null, json, bytes("{}"), null));
            inputs.add(new Input("json-not-json", null, json, bytes("this is not JSON"), "malformed-body"));
            Object sample = sample(api, schema, 0);
            if (sample instanceof Map<?, ?> object) {
                for (Object key : object.keySet()) {
                    Map<String, Object> misspelt = new LinkedHashMap<>();
                    object.forEach((k, v) -> misspelt.put(k.equals(key) ? misspell((String) k) : (String) k, v));
                    inputs.add(new Input("json-misspelt:" + key, null, json, bytes(JSON.writeValueAsString(misspelt)),
                            "unknown-field"));
                }
            }
            List<Leaf> leaves = new ArrayList<>();
            leaves(api, schema, sample, new ArrayList<>(), leaves, 0);
            for (Leaf leaf : leaves) {
                if (leaf.type().equals("integer")) {
                    inputs.add(new Input("json-int-as-text:" + leaf.path(), null, json,
                            bytes(JSON.writeValueAsString(replaced(sample, leaf.keys(), "7"))), "malformed-body",
                            leaf.path()));
                    inputs.add(new Input("json-int-fraction:" + leaf.path(), null, json,
                            bytes(JSON.writeValueAsString(replaced(sample, leaf.keys(), 7.5))), "malformed-body",
                            leaf.path()));
                } else if (leaf.type().equals("string")) {
                    // free text is refused while it is read; an enum, a UUID, a date or an address
                    // is refused too, but as a value of the wrong form
                    String slug = leaf.freeText() ? "forbidden-characters" : null;
                    inputs.add(new Input("json-nul:" + leaf.path(), null, json,
                            bytes(JSON.writeValueAsString(replaced(sample, leaf.keys(), "sweep\u0000x"))), slug));
                    inputs.add(new Input("json-control:" + leaf.path(), null, json,
                            bytes(JSON.writeValueAsString(replaced(sample, leaf.keys(), "sweep\u001b[2Jx"))), slug));
                    inputs.add(new Input("json-bidi:" + leaf.path(), null, json,
                            bytes(JSON.writeValueAsString(replaced(sample, leaf.keys(), "abc\u202Etxt.exe"))), slug));
                }
            }
        }
        return inputs;
    }

    /** "name" → "nmae": two letters swapped, as a hand types it; "id" → "idx". */
    static String misspell(String field) {
        if (field.length() >= 3 && field.charAt(1) != field.charAt(2)) {
            return field.charAt(0) + "" + field.charAt(2) + field.charAt(1) + field.substring(3);
        }
        return field + "x";
    }

    /** A value of the schema's shape, every field filled with something plausible. */
    private static Object sample(Map<String, Object> api, Map<String, Object> raw, int depth) {
        Map<String, Object> schema = effective(api, raw);
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.getFirst();
        }
        if (schema.containsKey("example") && !(schema.get("example") instanceof Map) && depth > 0) {
            return schema.get("example");
        }
        String type = type(schema);
        if (depth > 5) {
            return null;
        }
        switch (type) {
            case "object" -> {
                Map<String, Object> object = new LinkedHashMap<>();
                map(schema.get("properties")).forEach((name, property) ->
                        object.put(name, sample(api, map(property), depth + 1)));
                return object;
            }
            case "array" -> {
                Object item = sample(api, map(schema.get("items")), depth + 1);
                return item == null ? List.of() : List.of(item);
            }
            case "integer" -> {
                return 1;
            }
            case "number" -> {
                return 1.5;
            }
            case "boolean" -> {
                return true;
            }
            default -> {
                return switch (String.valueOf(schema.get("format"))) {
                    case "uuid" -> UUID.randomUUID().toString();
                    case "date-time" -> Instant.now().toString();
                    case "date" -> LocalDate.now().toString();
                    case "email" -> "sweep@example.com";
                    case "ipv4" -> "192.0.2.10";
                    case "ipv6" -> "2001:db8::10";
                    case "uri", "url" -> "https://sweep.example.com/";
                    case "binary", "byte" -> "c3dlZXA=";
                    default -> "sweep";
                };
            }
        }
    }

    /** A whole-number or string field of the sample, by its path of keys and indexes. */
    record Leaf(List<Object> keys, String type, boolean freeText) {

        String path() {
            StringBuilder text = new StringBuilder();
            for (Object key : keys) {
                if (key instanceof Integer index) {
                    text.append('[').append(index).append(']');
                } else {
                    text.append(text.isEmpty() ? "" : ".").append(key);
                }
            }
            return text.isEmpty() ? "(body)" : text.toString();
        }
    }

    private static void leaves(Map<String, Object> api, Map<String, Object> raw, Object sample, List<Object> keys,
                               List<Leaf> leaves, int depth) {
        Map<String, Object> schema = effective(api, raw);
        if (depth > 5 || sample == null) {
            return;
        }
        String type = type(schema);
        if (sample instanceof Map<?, ?> object && type.equals("object")) {
            Map<String, Object> properties = map(schema.get("properties"));
            for (Object key : object.keySet()) {
                List<Object> path = new ArrayList<>(keys);
                path.add(key);
                leaves(api, map(properties.get(key)), object.get(key), path, leaves, depth + 1);
            }
        } else if (sample instanceof List<?> items && !items.isEmpty() && type.equals("array")) {
            List<Object> path = new ArrayList<>(keys);
            path.add(0);
            leaves(api, map(schema.get("items")), items.getFirst(), path, leaves, depth + 1);
        } else if (type.equals("integer")) {
            leaves.add(new Leaf(keys, "integer", false));
        } else if (type.equals("string")) {
            boolean freeText = !schema.containsKey("enum") && (!schema.containsKey("format")
                    || List.of("email", "password").contains(String.valueOf(schema.get("format"))));
            leaves.add(new Leaf(keys, "string", freeText));
        }
    }

    /** A deep copy of the sample with the value at the path replaced. */
    @SuppressWarnings("unchecked")
    private static Object replaced(Object sample, List<Object> keys, Object value) {
        if (keys.isEmpty()) {
            return value;
        }
        Object key = keys.getFirst();
        List<Object> rest = keys.subList(1, keys.size());
        if (sample instanceof Map<?, ?> object) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) object);
            copy.put((String) key, replaced(object.get(key), rest, value));
            return copy;
        }
        List<Object> copy = new ArrayList<>((List<Object>) sample);
        copy.set((Integer) key, replaced(copy.get((Integer) key), rest, value));
        return copy;
    }

    /** The schema with its {@code $ref} resolved and an {@code allOf} merged; the first of a {@code oneOf}/{@code anyOf}. */
    private static Map<String, Object> effective(Map<String, Object> api, Map<String, Object> raw) {
        Map<String, Object> schema = resolve(api, raw);
        if (schema.get("allOf") instanceof List<?> parts) {
            Map<String, Object> merged = new LinkedHashMap<>();
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Object part : parts) {
                Map<String, Object> resolved = effective(api, map(part));
                merged.putAll(resolved);
                properties.putAll(map(resolved.get("properties")));
            }
            merged.put("properties", properties);
            merged.put("type", "object");
            return merged;
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.get(choice) instanceof List<?> options) {
                for (Object option : options) {
                    Map<String, Object> resolved = effective(api, map(option));
                    if (!"null".equals(type(resolved))) {
                        return resolved;
                    }
                }
            }
        }
        return schema;
    }

    private static String type(Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            type = types.stream().filter(t -> !"null".equals(t)).map(Object::toString).findFirst().orElse("null");
        }
        if (type == null) {
            return schema.containsKey("properties") ? "object" : schema.containsKey("items") ? "array" : "";
        }
        return String.valueOf(type);
    }

    private static Map<String, Object> resolve(Map<String, Object> api, Map<String, Object> raw) {
        Map<String, Object> current = raw;
        for (int hops = 0; hops < 10 && current.get("$ref") instanceof String ref; hops++) {
            Object target = api;
            for (String part : ref.substring(2).split("/")) {
                target = map(target).get(part.replace("~1", "/").replace("~0", "~"));
            }
            current = map(target);
        }
        return current;
    }

    // ---------------------------------------------------------------- sending and judging

    /** Sends one input; true when the answer was a 2xx an {@link #accepts} exception allows. */
    private boolean send(Operation operation, Input input, Report report) {
        StringBuilder path = new StringBuilder();
        Matcher variables = VARIABLE.matcher(operation.path());
        while (variables.find()) {
            String value = pathValues.getOrDefault(variables.group(1), UUID.randomUUID().toString());
            variables.appendReplacement(path, Matcher.quoteReplacement(
                    URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        variables.appendTail(path);
        List<String> query = new ArrayList<>();
        Set<String> given = new LinkedHashSet<>();
        if (input.query() != null) {
            query.add(input.query());
            for (String pair : input.query().split("&")) {
                given.add(pair.substring(0, pair.indexOf('=')));
            }
        }
        for (Parameter parameter : operation.parameters()) {
            if (parameter.in().equals("query") && parameter.required() && !given.contains(parameter.name())) {
                Object value = sample(Map.of(), parameter.schema(), 1);
                query.add(parameter.name() + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
            }
        }
        String target = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(target)).timeout(Duration.ofSeconds(30));
        String authorization = authorizationForPath.apply(operation.path());
        String token = operation.path().startsWith("/api/operator/") ? operatorToken : tenantToken;
        if (authorization != null) {
            request.header("Authorization", authorization);
        } else if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (input.contentType() != null) {
            request.header("Content-Type", input.contentType());
        }
        request.method(operation.method().toUpperCase(Locale.ROOT), input.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(input.body()));
        HttpResponse<String> answer;
        try {
            answer = exchange(request);
        } catch (RuntimeException e) {
            report.violation(operation.name(), input.name(), "no answer: " + e, this::exceptionFor);
            return false;
        }
        report.requests++;
        return judge(operation, input, answer, report);
    }

    private boolean judge(Operation operation, Input input, HttpResponse<String> answer, Report report) {
        int status = answer.statusCode();
        String body = answer.body() == null ? "" : answer.body();
        String excerpt = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        if (status >= 500) {
            report.violation(operation.name(), input.name(), status + " " + excerpt, this::exceptionFor);
            return false;
        }
        if (status < 400) {
            Waiver accepted = exceptionFor(operation.name(), input.name(), Kind.ACCEPTS);
            if (accepted == null) {
                report.violation(operation.name(), input.name(), "accepted: " + status + " " + excerpt,
                        this::exceptionFor);
                return false;
            }
            return true;
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse("(none)");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            report.violation(operation.name(), input.name(), status + " as " + contentType + ": " + excerpt,
                    this::exceptionFor);
            return false;
        }
        if (operation.method().equals("head")) {
            return false;
        }
        Map<String, Object> problem;
        try {
            problem = JSON.readValue(body, Map.class);
        } catch (RuntimeException e) {
            report.violation(operation.name(), input.name(), status + " body is no JSON: " + excerpt, this::exceptionFor);
            return false;
        }
        Object type = problem.get("type");
        Object detail = problem.get("detail");
        if (!(type instanceof String text) || !text.startsWith(PROBLEM_TYPE_PREFIX)) {
            report.violation(operation.name(), input.name(), status + " problem without an urn:sra:problem type: " + excerpt,
                    this::exceptionFor);
        } else if (input.expectedSlug() != null && !text.equals(PROBLEM_TYPE_PREFIX + input.expectedSlug())
                && !namesTheField(input, text, problem)) {
            report.violation(operation.name(), input.name(), status + " " + text + " instead of "
                    + input.expectedSlug() + ": " + excerpt, this::exceptionFor);
        }
        if (!(detail instanceof String words) || !JAPANESE.matcher(words).find()) {
            report.violation(operation.name(), input.name(), status + " detail not in Japanese: " + excerpt,
                    this::exceptionFor);
        } else if (PLACEHOLDER.matcher(words).find()) {
            report.violation(operation.name(), input.name(), status + " detail with an unfilled placeholder: " + words,
                    this::exceptionFor);
        }
        if (!Integer.valueOf(status).equals(problem.get("status"))) {
            report.violation(operation.name(), input.name(), status + " but the problem says status "
                    + problem.get("status"), this::exceptionFor);
        }
        return false;
    }

    /**
     * A value of the wrong type may also be answered as an {@code invalid-request} whose
     * {@code errors} name that very field (as a service that names the field of a type mismatch
     * does): it was refused for itself, not for something else in the body.
     */
    private static boolean namesTheField(Input input, String type, Map<String, Object> problem) {
        return input.field() != null && type.equals(PROBLEM_TYPE_PREFIX + "invalid-request")
                && list(problem.get("errors")).stream().anyMatch(error -> input.field().equals(map(error).get("field")));
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    // ---------------------------------------------------------------- exceptions

    enum Kind { ACCEPTS, KNOWN_GAP }

    static final class Waiver {
        final Kind kind;
        final String operation;
        final String inputPrefix;
        final String reason;
        boolean used;

        Waiver(Kind kind, String operation, String inputPrefix, String reason) {
            this.kind = kind;
            this.operation = operation;
            this.inputPrefix = inputPrefix;
            this.reason = reason;
        }

        boolean matches(String operationName, String inputName) {
            return (operation.equals("*") || operation.equals(operationName))
                    && (inputPrefix.equals("*") || inputName.startsWith(inputPrefix));
        }
    }

    private Waiver exceptionFor(String operation, String input, Kind kind) {
        for (Waiver exception : waivers) {
            if (exception.kind == kind && exception.matches(operation, input)) {
                exception.used = true;
                return exception;
            }
        }
        return null;
    }

    /** The known gap a violation falls under, or null. */
    private String exceptionFor(String operation, String input) {
        Waiver gap = exceptionFor(operation, input, Kind.KNOWN_GAP);
        return gap == null ? null : gap.reason;
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("every exception needs its reason");
        }
        return reason;
    }

    // ---------------------------------------------------------------- the store

    private Map<String, Map<String, String>> snapshot() {
        Map<String, Map<String, String>> snapshot = new TreeMap<>();
        for (String collection : mongo.getCollectionNames()) {
            if (bookkeeping.containsKey(collection) || collection.startsWith("system.")) {
                continue;
            }
            Map<String, String> documents = new TreeMap<>();
            for (Document document : mongo.getCollection(collection).find()) {
                documents.put(String.valueOf(document.get("_id")), document.toJson());
            }
            snapshot.put(collection, documents);
        }
        return snapshot;
    }

    private static Map<String, String> digest(Map<String, Map<String, String>> snapshot) {
        Map<String, String> digest = new TreeMap<>();
        snapshot.forEach((collection, documents) -> digest.put(collection, documents.size() + ":" + documents.hashCode()));
        return digest;
    }

    /** The store once nothing moves: no outbox marker left and two reads 300 ms apart alike. */
    private Map<String, Map<String, String>> settled(String when, Report report) {
        Instant deadline = Instant.now().plus(settleTimeout);
        Map<String, Map<String, String>> last = snapshot();
        while (true) {
            sleep(300);
            Map<String, Map<String, String>> next = snapshot();
            boolean drained = !mongo.collectionExists("outbox_pending") || mongo.getCollection("outbox_pending").countDocuments() == 0;
            if (next.equals(last) && drained) {
                return next;
            }
            if (Instant.now().isAfter(deadline)) {
                report.violation("(store)", "*", "never quiet " + when + " within " + settleTimeout + ": "
                        + differences(last, next), (o, i) -> null);
                return next;
            }
            last = next;
        }
    }

    private static List<String> differences(Map<String, Map<String, String>> before, Map<String, Map<String, String>> after) {
        List<String> differences = new ArrayList<>();
        Set<String> collections = new TreeSet<>(before.keySet());
        collections.addAll(after.keySet());
        for (String collection : collections) {
            Map<String, String> was = before.getOrDefault(collection, Map.of());
            Map<String, String> is = after.getOrDefault(collection, Map.of());
            Set<String> ids = new TreeSet<>(was.keySet());
            ids.addAll(is.keySet());
            for (String id : ids) {
                if (!was.containsKey(id)) {
                    differences.add(collection + " " + id + " added: " + shorten(is.get(id)));
                } else if (!is.containsKey(id)) {
                    differences.add(collection + " " + id + " removed");
                } else if (!was.get(id).equals(is.get(id))) {
                    differences.add(collection + " " + id + " changed: " + shorten(was.get(id)) + " → " + shorten(is.get(id)));
                }
            }
        }
        return differences;
    }

    private static String shorten(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    // ---------------------------------------------------------------- the report

    /** One input an operation handled wrongly; {@code knownGap} is the reason when it is an accepted finding. */
    public record Violation(String operation, String input, String what, String knownGap) {

        @Override
        public String toString() {
            return operation + " [" + input + "]: " + what;
        }
    }

    /** What the sweep found. */
    public static final class Report {

        private final List<Violation> violations = new ArrayList<>();
        private final List<String> operations = new ArrayList<>();
        private final Map<String, String> bookkeeping = new TreeMap<>();
        private int requests;

        private void violation(String operation, String input, String what,
                               BiFunction<String, String, String> gap) {
            violations.add(new Violation(operation, input, what, gap.apply(operation, input)));
        }

        /** Every violation, known gaps included. */
        public List<Violation> all() {
            return List.copyOf(violations);
        }

        /** The violations that fail the sweep (not known gaps). */
        public List<Violation> violations() {
            return violations.stream().filter(v -> v.knownGap() == null).toList();
        }

        /** The operations swept, as {@code "METHOD /path"}. */
        public List<String> operations() {
            return List.copyOf(operations);
        }

        public int requests() {
            return requests;
        }

        /** Fails with every violation at once (soft assertions); known gaps are printed, not failed. */
        public void assertClean() {
            System.out.println("Hostile input sweep: " + operations.size() + " operations, " + requests
                    + " requests; bookkeeping left out: " + bookkeeping.keySet());
            violations.stream().filter(v -> v.knownGap() != null)
                    .forEach(v -> System.out.println("  known gap: " + v + " (" + v.knownGap() + ")"));
            if (operations.isEmpty()) {
                throw new AssertionError("the sweep found no operation in /v3/api-docs");
            }
            SoftAssertions softly = new SoftAssertions();
            for (Violation violation : violations()) {
                softly.fail(violation.toString());
            }
            softly.assertAll();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            violations.forEach(v -> text.append(v).append('\n'));
            return text.toString();
        }
    }
}
