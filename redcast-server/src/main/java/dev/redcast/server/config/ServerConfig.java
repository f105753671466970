package dev.redcast.server.config;

import dev.redcast.protocol.ChannelNames;
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

    /** Default port: 8080. */
    public static final int DEFAULT_PORT = 8080;

    /** Default largest client frame: 64 KiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;

    /** Default outbound budget per connection: 1 MiB. */
    public static final int DEFAULT_OUTBOUND_BUDGET = 1024 * 1024;

    /** Default ping interval: 25 seconds. */
    public static final int DEFAULT_PING_INTERVAL_SECONDS = 25;

    /** Default subscriptions per connection: 1000. */
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 1000;

    /** Default commands per second per connection: 1000. */
    public static final int DEFAULT_COMMAND_RATE = 1000;

    /** Default bad commands in a row before close 4509: 10. */
    public static final int DEFAULT_MAX_BAD_COMMANDS = 10;

    /** Default Redis probe interval: 5 seconds. */
    public static final int DEFAULT_REDIS_PROBE_INTERVAL_SECONDS = 5;

    /** Default summary interval: 60 seconds. */
    public static final int DEFAULT_SUMMARY_INTERVAL_SECONDS = 60;

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
        require(port >= 0 && port <= 65535, Setting.PORT, port, "0..65535");
        require(!authToken.isEmpty(), Setting.AUTH_TOKEN, authToken, "a non-empty token");
        require(!apiKey.isEmpty(), Setting.API_KEY, apiKey, "a non-empty key");
        require(
                maxFrameSize >= 1024 && maxFrameSize <= 16 * 1024 * 1024,
                Setting.MAX_FRAME_SIZE,
                maxFrameSize,
                "1024..16777216 bytes");
        require(
                outboundBudget >= 16 * 1024,
                Setting.OUTBOUND_BUDGET,
                outboundBudget,
                "at least 16384 bytes");
        require(
                pingIntervalSeconds >= 1 && pingIntervalSeconds <= 3600,
                Setting.PING_INTERVAL,
                pingIntervalSeconds,
                "1..3600 seconds");
        require(maxSubscriptions >= 1, Setting.MAX_SUBSCRIPTIONS, maxSubscriptions, "at least 1");
        require(commandRate >= 1, Setting.COMMAND_RATE, commandRate, "at least 1");
        require(maxBadCommands >= 1, Setting.MAX_BAD_COMMANDS, maxBadCommands, "at least 1");
        require(
                redisProbeIntervalSeconds >= 1,
                Setting.REDIS_PROBE_INTERVAL,
                redisProbeIntervalSeconds,
                "at least 1 second");
        require(
                summaryIntervalSeconds >= 0,
                Setting.SUMMARY_INTERVAL,
                summaryIntervalSeconds,
                "0 (off) or more seconds");
        require(ioThreads >= 1 && ioThreads <= 1024, Setting.IO_THREADS, ioThreads, "1..1024");
        for (char c : channelPrefix.toCharArray()) {
            require(
                    "*?[]\\".indexOf(c) < 0 && c > ' ',
                    Setting.CHANNEL_PREFIX,
                    channelPrefix,
                    "no spaces and none of * ? [ ] \\ (they would turn into glob syntax)");
        }
        for (String channel : defaultChannels) {
            String problem = ChannelNames.problem(channel);
            if (problem != null) {
                throw ConfigException.invalid(Setting.DEFAULT_CHANNELS, channel, problem);
            }
        }
    }

    private static void require(boolean ok, Setting setting, Object value, String allowed) {
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

    /** Confined to the thread that builds the config. Unset values take the documented defaults. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private String authToken;
        private String apiKey;
        private RedisConfig redis;
        private String channelPrefix = "";
        private List<String> defaultChannels = List.of();
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int outboundBudget = DEFAULT_OUTBOUND_BUDGET;
        private int pingIntervalSeconds = DEFAULT_PING_INTERVAL_SECONDS;
        private int maxSubscriptions = DEFAULT_MAX_SUBSCRIPTIONS;
        private int commandRate = DEFAULT_COMMAND_RATE;
        private int maxBadCommands = DEFAULT_MAX_BAD_COMMANDS;
        private boolean clientPublish = true;
        private List<String> allowedOrigins = List.of();
        private int redisProbeIntervalSeconds = DEFAULT_REDIS_PROBE_INTERVAL_SECONDS;
        private int summaryIntervalSeconds = DEFAULT_SUMMARY_INTERVAL_SECONDS;
        private int ioThreads;
        private String nodeId;
        private List<HistoryRule> history = List.of();
        private List<String> presenceChannels = List.of();
        private int presenceRefreshSeconds = PresenceConfig.DEFAULT_REFRESH_SECONDS;
        private int presenceTtlSeconds = PresenceConfig.DEFAULT_TTL_SECONDS;

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

        /** A {@code redis://} URL, or null for the embedded in-memory broker. */
        public Builder redisUrl(String url) {
            this.redis = url == null ? null : new RedisConfig(url);
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
                    redis,
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
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
