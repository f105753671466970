package dev.redcast.server.config;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). Everything a node needs to run, frozen before it starts. Build one with
 * {@link #builder()} (tests, embedding) or {@link ConfigLoader} (flags, environment, file).
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param authToken shared token clients must present
 * @param authTokenGenerated whether {@code authToken} was made up at start-up (it is then printed)
 * @param apiKey key for the backend HTTP API
 * @param redis the shared Redis, or null for the embedded in-memory broker
 * @param channelPrefix prefix of Redis channel names, never shown to clients
 * @param defaultChannels channels every connection is subscribed to on connect
 * @param maxFrameSize largest client frame in bytes
 * @param outboundBudget bytes queued towards one client before it counts as too slow
 * @param pingIntervalSeconds seconds between WebSocket pings
 * @param maxSubscriptions most subscriptions per connection
 * @param commandRate commands per second per connection (also the burst)
 * @param maxBadCommands bad commands in a row before the connection is closed
 * @param clientPublish whether clients may publish
 * @param allowedOrigins allowed {@code Origin} values; empty allows any
 * @param redisProbeIntervalSeconds seconds between pub/sub liveness probes
 * @param summaryIntervalSeconds seconds between summary log lines, 0 for none
 * @param ioThreads event loop threads for connections, one per core when built with 0
 * @param nodeId this node's name
 * @param history which channels keep a history, first matching rule wins; empty: none
 * @param presence which channels announce join/leave, and how presence entries are kept alive
 */
public record ServerConfig(
        String host,
        int port,
        String authToken,
        boolean authTokenGenerated,
        String apiKey,
        RedisConfig redis,
        String channelPrefix,
        List<String> defaultChannels,
        int maxFrameSize,
        int outboundBudget,
        int pingIntervalSeconds,
        int maxSubscriptions,
        int commandRate,
        int maxBadCommands,
        boolean clientPublish,
        List<String> allowedOrigins,
        int redisProbeIntervalSeconds,
        int summaryIntervalSeconds,
        int ioThreads,
        String nodeId,
        List<HistoryRule> history,
        PresenceConfig presence) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(presence, "presence");
        defaultChannels = List.copyOf(defaultChannels);
        allowedOrigins = List.copyOf(allowedOrigins);
        history = List.copyOf(history);
        Setting.HOST.check(host);
        Setting.PORT.check(port);
        require(!authToken.isEmpty(), Setting.AUTH_TOKEN, authToken, "a non-empty token");
        require(!apiKey.isEmpty(), Setting.API_KEY, apiKey, "a non-empty key");
        Setting.CHANNEL_PREFIX.check(channelPrefix);
        Setting.DEFAULT_CHANNELS.check(defaultChannels);
        Setting.MAX_FRAME_SIZE.check(maxFrameSize);
        Setting.OUTBOUND_BUDGET.check(outboundBudget);
        Setting.PING_INTERVAL.check(pingIntervalSeconds);
        Setting.MAX_SUBSCRIPTIONS.check(maxSubscriptions);
        Setting.COMMAND_RATE.check(commandRate);
        Setting.MAX_BAD_COMMANDS.check(maxBadCommands);
        Setting.ALLOWED_ORIGINS.check(allowedOrigins);
        Setting.REDIS_PROBE_INTERVAL.check(redisProbeIntervalSeconds);
        Setting.SUMMARY_INTERVAL.check(summaryIntervalSeconds);
        Setting.IO_THREADS.check(ioThreads);
        // The builder turns 0 into one per core: a config never holds 0 threads.
        require(ioThreads >= 1, Setting.IO_THREADS, ioThreads, "1..1024 once resolved");
        Setting.HISTORY.check(history);
    }

    private static void require(boolean ok, Setting<?> setting, Object value, String allowed) {
        if (!ok) {
            throw ConfigException.invalid(setting, String.valueOf(value), allowed);
        }
    }

    /** The history rule for {@code channel}, or null when it keeps no history. */
    public HistoryRule historyRule(String channel) {
        return HistoryRule.find(history, channel);
    }

    public boolean embeddedBroker() {
        return redis == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ServerConfig[host="
                + host
                + ", port="
                + port
                + ", redis="
                + redis
                + ", channelPrefix="
                + channelPrefix
                + ", defaultChannels="
                + defaultChannels
                + ", nodeId="
                + nodeId
                + ", history="
                + history
                + "]";
    }

    /**
     * Confined to the thread that builds the config. Unset values take the defaults of the {@link
     * Setting} table.
     */
    public static final class Builder {
        private String host = Setting.HOST.defaultValue();
        private int port = Setting.PORT.defaultValue();
        private String authToken = Setting.AUTH_TOKEN.defaultValue();
        private String apiKey = Setting.API_KEY.defaultValue();
        private String redisUrl = Setting.REDIS_URL.defaultValue();
        private String redisHost = Setting.REDIS_HOST.defaultValue();
        private int redisPort = Setting.REDIS_PORT.defaultValue();
        private int redisDb = Setting.REDIS_DB.defaultValue();
        private String redisPassword = Setting.REDIS_PASSWORD.defaultValue();
        private String channelPrefix = Setting.CHANNEL_PREFIX.defaultValue();
        private List<String> defaultChannels = Setting.DEFAULT_CHANNELS.defaultValue();
        private int maxFrameSize = Setting.MAX_FRAME_SIZE.defaultValue();
        private int outboundBudget = Setting.OUTBOUND_BUDGET.defaultValue();
        private int pingIntervalSeconds = Setting.PING_INTERVAL.defaultValue();
        private int maxSubscriptions = Setting.MAX_SUBSCRIPTIONS.defaultValue();
        private int commandRate = Setting.COMMAND_RATE.defaultValue();
        private int maxBadCommands = Setting.MAX_BAD_COMMANDS.defaultValue();
        private boolean clientPublish = Setting.CLIENT_PUBLISH.defaultValue();
        private List<String> allowedOrigins = Setting.ALLOWED_ORIGINS.defaultValue();
        private int redisProbeIntervalSeconds = Setting.REDIS_PROBE_INTERVAL.defaultValue();
        private int summaryIntervalSeconds = Setting.SUMMARY_INTERVAL.defaultValue();
        private int ioThreads = Setting.IO_THREADS.defaultValue();
        private String nodeId = Setting.NODE_ID.defaultValue();
        private List<HistoryRule> history = Setting.HISTORY.defaultValue();
        private List<String> presenceChannels = Setting.PRESENCE.defaultValue();
        private int presenceRefreshSeconds = Setting.PRESENCE_REFRESH.defaultValue();
        private int presenceTtlSeconds = Setting.PRESENCE_TTL.defaultValue();

        private Builder() {}

        /** History rules, first match wins (see {@link HistoryRule#parseList}). */
        public Builder history(List<HistoryRule> history) {
            this.history = history;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder authToken(String authToken) {
            this.authToken = authToken;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * A {@code redis://} URL; null or empty (and no {@link #redisHost}) for the embedded
         * in-memory broker.
         */
        public Builder redisUrl(String url) {
            this.redisUrl = url;
            return this;
        }

        /** The Redis host, used with the port, database and password when no URL is given. */
        public Builder redisHost(String host) {
            this.redisHost = host;
            return this;
        }

        public Builder redisPort(int port) {
            this.redisPort = port;
            return this;
        }

        public Builder redisDb(int db) {
            this.redisDb = db;
            return this;
        }

        public Builder redisPassword(String password) {
            this.redisPassword = password;
            return this;
        }

        public Builder channelPrefix(String channelPrefix) {
            this.channelPrefix = channelPrefix;
            return this;
        }

        public Builder defaultChannels(List<String> defaultChannels) {
            this.defaultChannels = defaultChannels;
            return this;
        }

        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        public Builder outboundBudget(int outboundBudget) {
            this.outboundBudget = outboundBudget;
            return this;
        }

        public Builder pingIntervalSeconds(int pingIntervalSeconds) {
            this.pingIntervalSeconds = pingIntervalSeconds;
            return this;
        }

        public Builder maxSubscriptions(int maxSubscriptions) {
            this.maxSubscriptions = maxSubscriptions;
            return this;
        }

        public Builder commandRate(int commandRate) {
            this.commandRate = commandRate;
            return this;
        }

        public Builder maxBadCommands(int maxBadCommands) {
            this.maxBadCommands = maxBadCommands;
            return this;
        }

        public Builder clientPublish(boolean clientPublish) {
            this.clientPublish = clientPublish;
            return this;
        }

        public Builder allowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        public Builder redisProbeIntervalSeconds(int seconds) {
            this.redisProbeIntervalSeconds = seconds;
            return this;
        }

        /** Event loop threads; 0 (the default) means one per available core. */
        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        public Builder summaryIntervalSeconds(int seconds) {
            this.summaryIntervalSeconds = seconds;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /** Globs of channels whose subscribers get join/leave frames. */
        public Builder presence(List<String> globs) {
            this.presenceChannels = globs;
            return this;
        }

        public Builder presenceRefreshSeconds(int seconds) {
            this.presenceRefreshSeconds = seconds;
            return this;
        }

        public Builder presenceTtlSeconds(int seconds) {
            this.presenceTtlSeconds = seconds;
            return this;
        }

        public ServerConfig build() {
            boolean generated = authToken == null || authToken.isEmpty();
            String token = generated ? randomHex(16) : authToken;
            String node = nodeId == null || nodeId.isEmpty() ? "n-" + randomHex(3) : nodeId;
            return new ServerConfig(
                    host,
                    port,
                    token,
                    generated,
                    apiKey == null || apiKey.isEmpty() ? token : apiKey,
                    redis(),
                    channelPrefix,
                    defaultChannels,
                    maxFrameSize,
                    outboundBudget,
                    pingIntervalSeconds,
                    maxSubscriptions,
                    commandRate,
                    maxBadCommands,
                    clientPublish,
                    allowedOrigins,
                    redisProbeIntervalSeconds,
                    summaryIntervalSeconds,
                    ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : ioThreads,
                    node,
                    history,
                    new PresenceConfig(
                            presenceChannels, presenceRefreshSeconds, presenceTtlSeconds));
        }

        /** The Redis to share, or null for the embedded broker: a URL wins over a host. */
        private RedisConfig redis() {
            if (redisUrl != null && !redisUrl.isEmpty()) {
                return new RedisConfig(redisUrl);
            }
            if (redisHost != null && !redisHost.isEmpty()) {
                return RedisConfig.of(redisHost, redisPort, redisDb, redisPassword);
            }
            return null;
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
