package dev.redcast.server.config;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe (immutable). Everything a node needs to run, frozen before it starts, in one group
 * per concern so a feature adds a group (and its rows in {@link Setting}) rather than more flat
 * fields. Each group checks its fields in its compact constructor with the rules of their {@link
 * Setting} rows, the rules {@link ConfigLoader} applies to what an operator typed. Build one with
 * {@link #builder()} (tests, embedding) or {@link ConfigLoader} (flags, environment, file).
 *
 * @param nodeId this node's name
 * @param transport how the node listens and treats each connection's bytes
 * @param auth the client token and the backend API key
 * @param redis the shared Redis, or null for the embedded in-memory broker
 * @param limits what one connection may do
 * @param connections how many connections the node admits, and the deadlines before the upgrade
 * @param defaultChannels channels every connection is subscribed to on connect
 * @param history which channels keep a history, first matching rule wins; empty: none
 * @param presence which channels announce join/leave, and how presence entries are kept alive
 * @param publish how publishes with an idempotency key are deduplicated
 * @param summaryIntervalSeconds seconds between summary log lines, 0 for none
 * @param channels what each channel is and who may do what on it: the namespaces, with history,
 *     presence and client publish filling what they leave open
 * @param dialects which paths speak the frames of the systems redcast replaces
 */
public record ServerConfig(
        String nodeId,
        TransportConfig transport,
        AuthConfig auth,
        RedisConfig redis,
        LimitsConfig limits,
        ConnectionsConfig connections,
        List<String> defaultChannels,
        List<HistoryRule> history,
        PresenceConfig presence,
        PublishConfig publish,
        int summaryIntervalSeconds,
        ChannelPolicy channels,
        DialectsConfig dialects) {

    public ServerConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(dialects, "dialects");
        if (auth.jwt() != null && !dialects.open().isEmpty()) {
            throw ConfigException.invalid(
                    Setting.OPEN_DIALECTS,
                    String.join(",", dialects.open()),
                    "empty with JWT identities: a client without a token would be whoever it"
                            + " claims to be, JWT users included");
        }
        Objects.requireNonNull(publish, "publish");
        defaultChannels = List.copyOf(defaultChannels);
        history = List.copyOf(history);
        Setting.DEFAULT_CHANNELS.check(defaultChannels);
        Setting.HISTORY.check(history);
        Setting.SUMMARY_INTERVAL.check(summaryIntervalSeconds);
    }

    /** The history rule for {@code channel}, or null when it keeps no history. */
    public HistoryRule historyRule(String channel) {
        return channels.find(channel);
    }

    /**
     * Whether clients may have channels remembered for their user ({@code persist}) and get them
     * back on connect: with verified identities (JWT), or when the operator accepts claimed ones,
     * explicitly or by opening a dialect to clients without a token (who are whoever they claim).
     */
    public boolean remembersChannels() {
        return auth.jwt() != null || limits.claimedIdentityWrites() || !dialects.open().isEmpty();
    }

    public boolean embeddedBroker() {
        return redis == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Confined to the thread that builds the config. Unset values take the defaults of the {@link
     * Setting} table.
     */
    public static final class Builder {
        private String host = Setting.HOST.defaultValue();
        private int port = Setting.PORT.defaultValue();
        private String tlsCert = Setting.TLS_CERT.defaultValue();
        private String tlsKey = Setting.TLS_KEY.defaultValue();
        private String authToken = Setting.AUTH_TOKEN.defaultValue();
        private String apiKey = Setting.API_KEY.defaultValue();
        private String jwtSecret = Setting.JWT_SECRET.defaultValue();
        private String jwtPublicKey = Setting.JWT_PUBLIC_KEY.defaultValue();
        private String jwtJwks = Setting.JWT_JWKS.defaultValue();
        private String jwtAudience = Setting.JWT_AUDIENCE.defaultValue();
        private String jwtIssuer = Setting.JWT_ISSUER.defaultValue();
        private int jwtLeewaySeconds = Setting.JWT_LEEWAY.defaultValue();
        private String redisUrl = Setting.REDIS_URL.defaultValue();
        private String redisHost = Setting.REDIS_HOST.defaultValue();
        private int redisPort = Setting.REDIS_PORT.defaultValue();
        private int redisDb = Setting.REDIS_DB.defaultValue();
        private String redisPassword = Setting.REDIS_PASSWORD.defaultValue();
        private String redisCa = Setting.REDIS_CA.defaultValue();
        private String channelPrefix = Setting.CHANNEL_PREFIX.defaultValue();
        private List<String> defaultChannels = Setting.DEFAULT_CHANNELS.defaultValue();
        private int maxFrameSize = Setting.MAX_FRAME_SIZE.defaultValue();
        private int outboundBudget = Setting.OUTBOUND_BUDGET.defaultValue();
        private int pingIntervalSeconds = Setting.PING_INTERVAL.defaultValue();
        private int maxSubscriptions = Setting.MAX_SUBSCRIPTIONS.defaultValue();
        private int commandRate = Setting.COMMAND_RATE.defaultValue();
        private int maxBadCommands = Setting.MAX_BAD_COMMANDS.defaultValue();
        private boolean clientPublish = Setting.CLIENT_PUBLISH.defaultValue();
        private List<Namespace> namespaces = Setting.NAMESPACES.defaultValue();
        private boolean claimedIdentityWrites = Setting.CLAIMED_IDENTITY_WRITES.defaultValue();
        private List<String> allowedOrigins = Setting.ALLOWED_ORIGINS.defaultValue();
        private int maxConnections = Setting.MAX_CONNECTIONS.defaultValue();
        private int maxConnectionsPerUser = Setting.MAX_CONNECTIONS_PER_USER.defaultValue();
        private int maxConnectionsPerIp = Setting.MAX_CONNECTIONS_PER_IP.defaultValue();
        private int maxHttpConnections = Setting.MAX_HTTP_CONNECTIONS.defaultValue();
        private int httpRequestTimeoutSeconds = Setting.HTTP_REQUEST_TIMEOUT.defaultValue();
        private int httpIdleTimeoutSeconds = Setting.HTTP_IDLE_TIMEOUT.defaultValue();
        private int redisProbeIntervalSeconds = Setting.REDIS_PROBE_INTERVAL.defaultValue();
        private int redisReadTimeoutSeconds = Setting.REDIS_READ_TIMEOUT.defaultValue();
        private int idempotencyWindowSeconds = Setting.IDEMPOTENCY_WINDOW.defaultValue();
        private int summaryIntervalSeconds = Setting.SUMMARY_INTERVAL.defaultValue();
        private int ioThreads = Setting.IO_THREADS.defaultValue();
        private String nodeId = Setting.NODE_ID.defaultValue();
        private List<HistoryRule> history = Setting.HISTORY.defaultValue();
        private List<String> presenceChannels = Setting.PRESENCE.defaultValue();
        private int presenceRefreshSeconds = Setting.PRESENCE_REFRESH.defaultValue();
        private int presenceTtlSeconds = Setting.PRESENCE_TTL.defaultValue();
        private List<String> dialects = Setting.DIALECTS.defaultValue();
        private List<String> openDialects = Setting.OPEN_DIALECTS.defaultValue();
        private String relayChannel = Setting.RELAY_CHANNEL.defaultValue();
        private String roomsNamespace = Setting.ROOMS_NAMESPACE.defaultValue();

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

        /** PEM certificate chain; with {@link #tlsKey} the port serves HTTPS and WSS. */
        public Builder tlsCert(String certFile) {
            this.tlsCert = certFile;
            return this;
        }

        /** PEM private key of {@link #tlsCert}. */
        public Builder tlsKey(String keyFile) {
            this.tlsKey = keyFile;
            return this;
        }

        public Builder authToken(String authToken) {
            this.authToken = authToken;
            return this;
        }

        public Builder jwtSecret(String jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        public Builder jwtPublicKey(String jwtPublicKey) {
            this.jwtPublicKey = jwtPublicKey;
            return this;
        }

        public Builder jwtJwks(String jwtJwks) {
            this.jwtJwks = jwtJwks;
            return this;
        }

        public Builder jwtAudience(String jwtAudience) {
            this.jwtAudience = jwtAudience;
            return this;
        }

        public Builder jwtIssuer(String jwtIssuer) {
            this.jwtIssuer = jwtIssuer;
            return this;
        }

        public Builder jwtLeewaySeconds(int jwtLeewaySeconds) {
            this.jwtLeewaySeconds = jwtLeewaySeconds;
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

        /** PEM CA certificates that verify a {@code rediss://} Redis; null for the JVM's. */
        public Builder redisCa(String caFile) {
            this.redisCa = caFile;
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

        /** Channel namespaces, {@code ""} for the default one. */
        public Builder namespaces(List<Namespace> namespaces) {
            this.namespaces = namespaces;
            return this;
        }

        public Builder claimedIdentityWrites(boolean claimedIdentityWrites) {
            this.claimedIdentityWrites = claimedIdentityWrites;
            return this;
        }

        public Builder allowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        /** WebSocket connections on the node; 0 for no limit. */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /** WebSocket connections of one user on the node; 0 for no limit. */
        public Builder maxConnectionsPerUser(int max) {
            this.maxConnectionsPerUser = max;
            return this;
        }

        /** WebSocket connections from one remote address; 0 for no limit. */
        public Builder maxConnectionsPerIp(int max) {
            this.maxConnectionsPerIp = max;
            return this;
        }

        /** Connections that have not upgraded to WebSocket; 0 for no limit. */
        public Builder maxHttpConnections(int max) {
            this.maxHttpConnections = max;
            return this;
        }

        public Builder httpRequestTimeoutSeconds(int seconds) {
            this.httpRequestTimeoutSeconds = seconds;
            return this;
        }

        public Builder httpIdleTimeoutSeconds(int seconds) {
            this.httpIdleTimeoutSeconds = seconds;
            return this;
        }

        public Builder redisProbeIntervalSeconds(int seconds) {
            this.redisProbeIntervalSeconds = seconds;
            return this;
        }

        public Builder redisReadTimeoutSeconds(int seconds) {
            this.redisReadTimeoutSeconds = seconds;
            return this;
        }

        public Builder idempotencyWindowSeconds(int seconds) {
            this.idempotencyWindowSeconds = seconds;
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

        /** Dialects by path, as {@code name:/path} items (see {@link DialectsConfig}). */
        public Builder dialects(List<String> dialects) {
            Setting.DIALECTS.check(dialects);
            this.dialects = dialects;
            return this;
        }

        /** Dialects whose clients may connect without a token. */
        public Builder openDialects(List<String> openDialects) {
            Setting.OPEN_DIALECTS.check(openDialects);
            this.openDialects = openDialects;
            return this;
        }

        public Builder relayChannel(String relayChannel) {
            this.relayChannel = relayChannel;
            return this;
        }

        public Builder roomsNamespace(String roomsNamespace) {
            this.roomsNamespace = roomsNamespace;
            return this;
        }

        public ServerConfig build() {
            PresenceConfig presence =
                    new PresenceConfig(
                            presenceChannels, presenceRefreshSeconds, presenceTtlSeconds);
            return new ServerConfig(
                    nodeId == null || nodeId.isEmpty() ? "n-" + randomHex(3) : nodeId,
                    new TransportConfig(
                            host,
                            port,
                            ioThreads,
                            maxFrameSize,
                            outboundBudget,
                            pingIntervalSeconds,
                            allowedOrigins,
                            TlsSettings.of(tlsCert, tlsKey)),
                    AuthConfig.of(
                            authToken,
                            apiKey,
                            JwtSettings.of(
                                    jwtSecret,
                                    jwtPublicKey,
                                    jwtJwks,
                                    jwtAudience,
                                    jwtIssuer,
                                    jwtLeewaySeconds)),
                    redis(),
                    new LimitsConfig(
                            maxSubscriptions,
                            commandRate,
                            maxBadCommands,
                            clientPublish,
                            claimedIdentityWrites),
                    new ConnectionsConfig(
                            maxConnections,
                            maxConnectionsPerUser,
                            maxConnectionsPerIp,
                            maxHttpConnections,
                            httpRequestTimeoutSeconds,
                            httpIdleTimeoutSeconds),
                    defaultChannels,
                    history,
                    presence,
                    new PublishConfig(idempotencyWindowSeconds),
                    summaryIntervalSeconds,
                    new ChannelPolicy(namespaces, history, presence, clientPublish),
                    new DialectsConfig(
                            DialectsConfig.parsePaths(dialects),
                            new java.util.LinkedHashSet<>(openDialects),
                            relayChannel,
                            roomsNamespace));
        }

        /** The Redis to share, or null for the embedded broker: a URL wins over a host. */
        private RedisConfig redis() {
            String url = redisUrl;
            if ((url == null || url.isEmpty()) && redisHost != null && !redisHost.isEmpty()) {
                url = RedisConfig.url(redisHost, redisPort, redisDb, redisPassword);
            }
            String ca = redisCa == null || redisCa.isBlank() ? null : redisCa.trim();
            if (url == null || url.isEmpty()) {
                if (ca != null) {
                    throw new ConfigException(
                            Setting.REDIS_CA.displayName()
                                    + " is set but no Redis is: give a rediss:// "
                                    + Setting.REDIS_URL.displayName());
                }
                return null;
            }
            return new RedisConfig(
                    url, channelPrefix, redisProbeIntervalSeconds, ca, redisReadTimeoutSeconds);
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
