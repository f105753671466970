package dev.redcast.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe (stateless). The {@code namespaces} setting's text: a JSON object from namespace name
 * ({@code ""} for the default one) to its options, each optional, e.g. {@code
 * {"chat":{"publish":"subscribers","history":"1000/24h"},"private":{"subscribe":"token"}}}. A
 * config file may give the same as a YAML mapping.
 */
final class NamespacesJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Set<String> OPTIONS =
            Set.of(
                    "subscribe",
                    "publish",
                    "patterns",
                    "history",
                    "recovery",
                    "presence",
                    "join_leave",
                    "persist");

    private NamespacesJson() {}

    /**
     * @throws IllegalArgumentException naming the namespace and option that is wrong
     */
    static List<Namespace> parse(String text) {
        List<Namespace> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "a JSON object of namespace name to options, e.g."
                            + " {\"chat\":{\"publish\":\"subscribers\"}}");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a JSON object of namespace name to options");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            out.add(namespace(e.getKey(), e.getValue()));
        }
        return out;
    }

    static String format(List<Namespace> namespaces) {
        if (namespaces.isEmpty()) {
            return "";
        }
        ObjectNode root = MAPPER.createObjectNode();
        for (Namespace n : namespaces) {
            ObjectNode o = root.putObject(n.name());
            o.put("subscribe", Namespace.text(n.subscribe()));
            if (n.publish() != null) {
                o.put("publish", Namespace.text(n.publish()));
            }
            o.put("patterns", n.patterns());
            if (n.history() != null) {
                o.put("history", n.history().maxLength() + "/" + n.history().maxAgeSeconds() + "s");
            }
            o.put("recovery", n.recovery());
            o.put("presence", n.presence());
            if (n.joinLeave() != null) {
                o.put("join_leave", n.joinLeave());
            }
            o.put("persist", n.persist());
        }
        return root.toString();
    }

    private static Namespace namespace(String name, JsonNode options) {
        String where = "namespace '" + name + "'";
        if (!options.isObject()) {
            throw new IllegalArgumentException(where + ": options must be a JSON object");
        }
        options.fieldNames()
                .forEachRemaining(
                        option -> {
                            if (!OPTIONS.contains(option)) {
                                throw new IllegalArgumentException(
                                        where
                                                + ": unknown option '"
                                                + option
                                                + "'; known: "
                                                + OPTIONS.stream().sorted().toList());
                            }
                        });
        Namespace d = Namespace.defaults(name);
        try {
            return new Namespace(
                    name,
                    choice(options, "subscribe", Namespace.Subscribe.class, d.subscribe(), where),
                    choice(options, "publish", Namespace.Publish.class, d.publish(), where),
                    flag(options, "patterns", d.patterns(), where),
                    history(options, name, where),
                    flag(options, "recovery", d.recovery(), where),
                    flag(options, "presence", d.presence(), where),
                    options.has("join_leave") ? flag(options, "join_leave", false, where) : null,
                    flag(options, "persist", d.persist(), where));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where)
                    ? e
                    : new IllegalArgumentException(e.getMessage());
        }
    }

    private static <E extends Enum<E>> E choice(
            JsonNode options, String option, Class<E> type, E fallback, String where) {
        JsonNode v = options.get(option);
        if (v == null) {
            return fallback;
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(Namespace.text(e));
            if (v.isTextual() && Namespace.text(e).equals(v.textValue().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                where + ": " + option + " must be one of " + String.join(", ", allowed));
    }

    private static boolean flag(JsonNode options, String option, boolean fallback, String where) {
        JsonNode v = options.get(option);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(where + ": " + option + " must be true or false");
        }
        return v.booleanValue();
    }

    private static HistoryRule history(JsonNode options, String name, String where) {
        JsonNode v = options.get("history");
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(
                    where + ": history must look like length/age, e.g. \"1000/24h\"");
        }
        try {
            return HistoryRule.parse((name.isEmpty() ? "*" : name + ":*") + "=" + v.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": history " + e.getMessage());
        }
    }
}
