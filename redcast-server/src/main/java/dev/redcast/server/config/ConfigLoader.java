package dev.redcast.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless). Builds a {@link ServerConfig} from three layers, first match wins:
 * command-line flags, environment variables, then an optional YAML (or JSON) config file whose keys
 * are the flag names ({@code port: 8080}, {@code default-channels: [general, random]}). What a
 * setting is called in each layer, how its text is parsed and checked and where its value goes all
 * come from its row in {@link Setting}; what is not given keeps the builder's default, which comes
 * from the same row. A file key that names no setting is ignored with a warning, like an
 * environment variable redcast does not read: a file written for the system redcast replaces still
 * starts it.
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {}

    /**
     * @param flags settings given on the command line (absent when not given)
     * @param env the process environment
     * @param file a config file, or null
     * @throws ConfigException naming the first setting that cannot be used, its value and what is
     *     allowed
     */
    public static ServerConfig load(
            Map<? extends Setting<?>, String> flags, Map<String, String> env, Path file) {
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file);
        Map<Setting<?>, String> values = new LinkedHashMap<>();
        for (Setting<?> s : Setting.values()) {
            String v = flags.get(s);
            for (String name : s.envNames()) {
                if (v == null) {
                    v = env.get(name);
                }
            }
            if (v == null) {
                v = fromFile.get(s.key());
            }
            // Empty means unset for a setting without a default (a token, a Redis URL, a node
            // id): the builder then makes one up or leaves the feature off.
            if (v != null && !(v.isBlank() && s.defaultValue() == null)) {
                values.put(s, v.trim());
            }
        }
        Set<Setting<?>> given = given(values);
        ServerConfig.Builder b = ServerConfig.builder();
        for (Map.Entry<Setting<?>, String> e : values.entrySet()) {
            if (e.getKey().readWith(given)) {
                e.getKey().apply(b, e.getValue());
            }
        }
        return b.build();
    }

    private static Set<Setting<?>> given(Map<Setting<?>, String> values) {
        Set<Setting<?>> given = new HashSet<>();
        values.forEach(
                (s, v) -> {
                    if (!v.isEmpty()) {
                        given.add(s);
                    }
                });
        return given;
    }

    private static Map<String, String> readFile(Path file) {
        Object tree;
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            // readTree, not readValue: an empty or all-comment file is no settings, not an error.
            JsonNode node = yaml.readTree(Files.readAllBytes(file));
            tree =
                    node == null || node.isMissingNode() || node.isNull()
                            ? null
                            : yaml.treeToValue(node, Object.class);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        if (tree == null) {
            return Map.of();
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new ConfigException(
                    "config file " + file + " must be a mapping of setting names to values");
        }
        List<String> known = Setting.values().stream().map(Setting::key).toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (Setting.byKey(key) == null) {
                // As an environment variable redcast does not know is ignored (a file written for
                // the system it replaces, such as the terminal chat's MESSAGE_PREFIX): said once.
                log.warn(
                        "config file {}: unknown setting '{}' ignored{}; known: {}",
                        file,
                        key,
                        envHint(key),
                        known);
                continue;
            }
            out.put(key, text(e.getValue()));
        }
        return out;
    }

    /** For a key that is a setting's environment variable, the file key to use instead. */
    private static String envHint(String key) {
        for (Setting<?> s : Setting.values()) {
            if (s.envNames().contains(key)) {
                return " (write it as '" + s.key() + "' in a file)";
            }
        }
        return "";
    }

    /**
     * A file value as the text the same setting takes on the command line: a list joined by commas,
     * a mapping (the namespaces) as JSON.
     */
    private static String text(Object value) {
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        if (value instanceof Map<?, ?> m) {
            try {
                return new ObjectMapper().writeValueAsString(m);
            } catch (IOException e) {
                throw new IllegalStateException("a parsed mapping always writes as JSON", e);
            }
        }
        return value == null ? "" : String.valueOf(value);
    }
}
