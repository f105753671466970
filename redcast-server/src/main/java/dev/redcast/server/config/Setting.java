package dev.redcast.server.config;

/**
 * Thread-safe (immutable). Every server setting, with the one name it has in each source: the
 * command-line flag ({@code --key}), the environment variable and the config-file key ({@code
 * key}). The command line builds its options and help from this table, so a setting is declared
 * exactly once.
 */
public enum Setting {
    HOST("host", "WS_HOST", "Address to listen on.", "0.0.0.0"),
    PORT("port", "WS_PORT", "HTTP and WebSocket port (0 picks a free port).", "8080"),
    AUTH_TOKEN(
            "auth-token",
            "WS_AUTH_TOKEN",
            "Shared token clients present as ?token= or 'Authorization: Bearer'. When unset a"
                    + " random one is generated and printed once at start-up.",
            null),
    API_KEY(
            "api-key",
            "API_KEY",
            "Key for the HTTP API for backends (Authorization: Bearer). Defaults to the auth"
                    + " token.",
            null),
    REDIS_URL(
            "redis-url",
            "REDIS_URL",
            "Redis to share with other nodes, e.g. redis://:pass@host:6379/0. When neither this"
                    + " nor redis-host is set the embedded in-memory broker is used.",
            null),
    REDIS_HOST("redis-host", "REDIS_HOST", "Redis host (alternative to redis-url).", null),
    REDIS_PORT("redis-port", "REDIS_PORT", "Redis port, with redis-host.", "6379"),
    REDIS_DB("redis-db", "REDIS_DB", "Redis database number, with redis-host.", "0"),
    REDIS_PASSWORD("redis-password", "REDIS_PASSWORD", "Redis password, with redis-host.", null),
    CHANNEL_PREFIX(
            "channel-prefix",
            "CHANNEL_PREFIX",
            "Prefix of the Redis channel names; clients never see it.",
            ""),
    DEFAULT_CHANNELS(
            "default-channels",
            "DEFAULT_CHANNELS",
            "Comma-separated channels every connection is subscribed to on connect.",
            ""),
    MAX_FRAME_SIZE(
            "max-frame-size",
            "MAX_FRAME_SIZE",
            "Largest client frame in bytes; larger ones close the connection with 1009.",
            "65536"),
    OUTBOUND_BUDGET(
            "outbound-budget",
            "OUTBOUND_BUDGET",
            "Bytes a connection may have queued towards a slow client before it is closed with"
                    + " 4008.",
            "1048576"),
    PING_INTERVAL(
            "ping-interval",
            "PING_INTERVAL",
            "Seconds between WebSocket pings; a peer silent for two intervals is closed.",
            "25"),
    MAX_SUBSCRIPTIONS(
            "max-subscriptions",
            "MAX_SUBSCRIPTIONS",
            "Most channels and patterns one connection may subscribe to.",
            "1000"),
    COMMAND_RATE(
            "command-rate",
            "COMMAND_RATE",
            "Commands per second one connection may send (burst of the same size); more get"
                    + " too_many_requests.",
            "1000"),
    MAX_BAD_COMMANDS(
            "max-bad-commands",
            "MAX_BAD_COMMANDS",
            "Bad commands in a row after which the connection is closed with 4509.",
            "10"),
    CLIENT_PUBLISH(
            "client-publish",
            "CLIENT_PUBLISH",
            "Whether clients may publish over the WebSocket (true/false).",
            "true"),
    ALLOWED_ORIGINS(
            "allowed-origins",
            "ALLOWED_ORIGINS",
            "Comma-separated Origin values allowed to open a WebSocket; empty allows any.",
            ""),
    REDIS_PROBE_INTERVAL(
            "redis-probe-interval",
            "REDIS_PROBE_INTERVAL",
            "Seconds between probes that check the Redis pub/sub connection still receives.",
            "5"),
    IO_THREADS(
            "io-threads",
            "IO_THREADS",
            "Event loop threads serving connections (0: one per CPU core).",
            "0"),
    SUMMARY_INTERVAL(
            "summary-interval",
            "SUMMARY_INTERVAL",
            "Seconds between one-line activity summaries in the log (0 turns them off).",
            "60"),
    PRESENCE(
            "presence",
            "PRESENCE",
            "Comma-separated channel globs (e.g. chat:*,general) whose subscribers get join and"
                    + " leave frames.",
            ""),
    PRESENCE_REFRESH(
            "presence-refresh",
            "PRESENCE_REFRESH",
            "Seconds between the rounds in which a node refreshes the presence of its clients.",
            "10"),
    PRESENCE_TTL(
            "presence-ttl",
            "PRESENCE_TTL",
            "Seconds a presence entry lives without refresh: users of a node that died vanish"
                    + " within about this plus one refresh interval.",
            "30"),
    NODE_ID("node-id", "NODE_ID", "Name of this node in welcome frames and logs.", null),
    HISTORY(
            "history",
            "HISTORY",
            "Channels that keep a history, as comma-separated pattern=length/age rules, first"
                    + " match wins, e.g. 'chat:*=1000/24h,news=100/1h' ('*=...' for every channel).",
            "");

    private final String key;
    private final String env;
    private final String description;
    private final String defaultValue;

    Setting(String key, String env, String description, String defaultValue) {
        this.key = key;
        this.env = env;
        this.description = description;
        this.defaultValue = defaultValue;
    }

    /** Flag name without dashes and config-file key. */
    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    public String description() {
        return description;
    }

    /** The default as text, or null when the setting has none (unset means "not used"). */
    public String defaultValue() {
        return defaultValue;
    }
}
