package dev.redcast.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Thread-safe (stateless). Builds a {@link ServerConfig} from three layers, first match wins:
 * command-line flags, environment variables, then an optional YAML (or JSON) config file whose keys
 * are the flag names ({@code port: 8080}, {@code default-channels: [general, random]}).
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * @param flags settings given on the command line (absent when not given)
     * @param env the process environment
     * @param file a config file, or null
     */
    public static ServerConfig load(
            Map<Setting, String> flags, Map<String, String> env, Path file) {
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file);
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = flags.get(s);
            if (v == null) {
                v = env.get(s.env());
            }
            if (v == null) {
                v = fromFile.get(s.key());
            }
            if (v != null) {
                values.put(s, v.trim());
            }
        }
        return build(values);
    }

    static ServerConfig build(Map<Setting, String> v) {
        ServerConfig.Builder b = ServerConfig.builder();
        str(v, Setting.HOST, b::host);
        integer(v, Setting.PORT, b::port);
        str(v, Setting.AUTH_TOKEN, b::authToken);
        str(v, Setting.API_KEY, b::apiKey);
        b.redisUrl(redisUrl(v));
        str(v, Setting.CHANNEL_PREFIX, b::channelPrefix);
        list(v, Setting.DEFAULT_CHANNELS, b::defaultChannels);
        integer(v, Setting.MAX_FRAME_SIZE, b::maxFrameSize);
        integer(v, Setting.OUTBOUND_BUDGET, b::outboundBudget);
        integer(v, Setting.PING_INTERVAL, b::pingIntervalSeconds);
        integer(v, Setting.MAX_SUBSCRIPTIONS, b::maxSubscriptions);
        integer(v, Setting.COMMAND_RATE, b::commandRate);
        integer(v, Setting.MAX_BAD_COMMANDS, b::maxBadCommands);
        bool(v, Setting.CLIENT_PUBLISH, b::clientPublish);
        list(v, Setting.ALLOWED_ORIGINS, b::allowedOrigins);
        integer(v, Setting.REDIS_PROBE_INTERVAL, b::redisProbeIntervalSeconds);
        integer(v, Setting.SUMMARY_INTERVAL, b::summaryIntervalSeconds);
        integer(v, Setting.IO_THREADS, b::ioThreads);
        str(v, Setting.NODE_ID, b::nodeId);
        history(v, b);
        list(v, Setting.PRESENCE, b::presence);
        integer(v, Setting.PRESENCE_REFRESH, b::presenceRefreshSeconds);
        integer(v, Setting.PRESENCE_TTL, b::presenceTtlSeconds);
        return b.build();
    }

    private static void history(Map<Setting, String> v, ServerConfig.Builder b) {
        String value = v.get(Setting.HISTORY);
        if (value == null) {
            return;
        }
        try {
            b.history(HistoryRule.parseList(value));
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(Setting.HISTORY, value, e.getMessage());
        }
    }

    private static String redisUrl(Map<Setting, String> v) {
        String url = v.get(Setting.REDIS_URL);
        if (url != null && !url.isEmpty()) {
            try {
                return new RedisConfig(url).url();
            } catch (ConfigException e) {
                // RedisConfig's message already hides the password; add which setting it was.
                throw new ConfigException(
                        "invalid setting "
                                + Setting.REDIS_URL.key()
                                + " ("
                                + Setting.REDIS_URL.env()
                                + "): "
                                + e.getMessage());
            }
        }
        String host = v.get(Setting.REDIS_HOST);
        if (host == null || host.isEmpty()) {
            return null;
        }
        String portText = v.getOrDefault(Setting.REDIS_PORT, "6379");
        int port = parseInt(Setting.REDIS_PORT, portText);
        if (port < 1 || port > 65535) {
            throw ConfigException.invalid(Setting.REDIS_PORT, portText, "1..65535");
        }
        String dbText = v.getOrDefault(Setting.REDIS_DB, "0");
        int db = parseInt(Setting.REDIS_DB, dbText);
        if (db < 0) {
            throw ConfigException.invalid(Setting.REDIS_DB, dbText, "a database number >= 0");
        }
        String password = v.get(Setting.REDIS_PASSWORD);
        String auth =
                password == null || password.isEmpty()
                        ? ""
                        : ":"
                                + java.net.URLEncoder.encode(
                                        password, java.nio.charset.StandardCharsets.UTF_8)
                                + "@";
        return "redis://" + auth + host + ":" + port + "/" + db;
    }

    private static void str(Map<Setting, String> v, Setting s, Consumer<String> sink) {
        String value = v.get(s);
        if (value != null) {
            sink.accept(value);
        }
    }

    private static void integer(Map<Setting, String> v, Setting s, Consumer<Integer> sink) {
        String value = v.get(s);
        if (value != null) {
            sink.accept(parseInt(s, value));
        }
    }

    private static int parseInt(Setting s, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(s, value, "a whole number");
        }
    }

    private static void bool(Map<Setting, String> v, Setting s, Consumer<Boolean> sink) {
        String value = v.get(s);
        if (value == null) {
            return;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> sink.accept(true);
            case "false", "no", "off", "0" -> sink.accept(false);
            default -> throw ConfigException.invalid(s, value, "true or false");
        }
    }

    private static void list(Map<Setting, String> v, Setting s, Consumer<List<String>> sink) {
        String value = v.get(s);
        if (value == null) {
            return;
        }
        List<String> items = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        sink.accept(items);
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
        List<String> known = Arrays.stream(Setting.values()).map(Setting::key).toList();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!known.contains(key)) {
                throw new ConfigException(
                        "unknown setting '"
                                + key
                                + "' in config file "
                                + file
                                + "; known: "
                                + known);
            }
            Object value = e.getValue();
            out.put(
                    key,
                    value instanceof Collection<?> c
                            ? String.join(",", c.stream().map(String::valueOf).toList())
                            : value == null ? "" : String.valueOf(value));
        }
        return out;
    }
}
