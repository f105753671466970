package dev.redcast.server.config;

import dev.redcast.protocol.ChannelNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Thread-safe (immutable). One server setting, and below, the table of all of them. Each entry is
 * the one place that says a setting's names in every source (the flag {@code --key}, the
 * environment variable, the config-file key {@code key}), its type and typed default, the values it
 * allows, its help, and where its value goes in {@link ServerConfig.Builder}. {@link ConfigLoader},
 * the options and help of {@code redcast serve}, the checks in the config records and the README's
 * settings table ({@link SettingsDoc}) are derived from it.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
    /** Every setting in declaration order; filled while the constants below initialise. */
    private static final List<Setting<?>> ALL = new ArrayList<>();

    public static final Setting<String> HOST =
            define("host", "WS_HOST", ValueType.TEXT, "0.0.0.0")
                    .help("Address to listen on.")
                    .into(ServerConfig.Builder::host);

    public static final Setting<Integer> PORT =
            define("port", "WS_PORT", ValueType.NUMBER, 8080)
                    .alsoFrom("PORT")
                    .allow(Rule.between(0, 65535, ""))
                    .help("HTTP and WebSocket port (0 picks a free port).")
                    .into(ServerConfig.Builder::port);

    public static final Setting<String> TLS_CERT =
            define("tls-cert", "TLS_CERT", ValueType.TEXT, null)
                    .help(
                            "PEM file with the server's certificate chain, leaf first; with"
                                    + " tls-key the port serves HTTPS and WSS instead of HTTP and"
                                    + " WS. Both files are reloaded when they change.")
                    .whenUnset("plain HTTP and WS")
                    .into(ServerConfig.Builder::tlsCert);

    public static final Setting<String> TLS_KEY =
            define("tls-key", "TLS_KEY", ValueType.TEXT, null)
                    .help("PEM file with the private key of tls-cert (PKCS#8, not encrypted).")
                    .whenUnset("none")
                    .into(ServerConfig.Builder::tlsKey);

    public static final Setting<String> AUTH_TOKEN =
            define("auth-token", "WS_AUTH_TOKEN", ValueType.TEXT, null)
                    .secret()
                    .help("Shared token clients present as ?token= or 'Authorization: Bearer'.")
                    .whenUnset("random, printed once at start-up")
                    .into(ServerConfig.Builder::authToken);

    public static final Setting<String> API_KEY =
            define("api-key", "API_KEY", ValueType.TEXT, null)
                    .secret()
                    .help(
                            "Key for the HTTP API for backends and administrators (Authorization:"
                                    + " Bearer); must differ from the auth token.")
                    .whenUnset("random, printed once at start-up")
                    .into(ServerConfig.Builder::apiKey);

    public static final Setting<String> REDIS_URL =
            define("redis-url", "REDIS_URL", ValueType.TEXT, null)
                    .allow(
                            Rule.that(
                                    url ->
                                            url.startsWith("redis://")
                                                    || url.startsWith("rediss://"),
                                    "must start with redis:// or rediss://"))
                    .shownAs(RedisConfig::redact)
                    .help(
                            "Redis to share with other nodes, e.g. redis://:pass@host:6379/0. When"
                                    + " neither this nor redis-host is set the embedded in-memory"
                                    + " broker is used.")
                    .whenUnset("none")
                    .into(ServerConfig.Builder::redisUrl);

    public static final Setting<String> REDIS_HOST =
            define("redis-host", "REDIS_HOST", ValueType.TEXT, null)
                    .help("Redis host (alternative to redis-url).")
                    .whenUnset("none")
                    .into(ServerConfig.Builder::redisHost);

    public static final Setting<Integer> REDIS_PORT =
            define("redis-port", "REDIS_PORT", ValueType.NUMBER, 6379)
                    .allow(Rule.between(1, 65535, ""))
                    .readOnlyIf(Setting::redisHostInUse)
                    .help("Redis port, with redis-host.")
                    .into(ServerConfig.Builder::redisPort);

    public static final Setting<Integer> REDIS_DB =
            define("redis-db", "REDIS_DB", ValueType.NUMBER, 0)
                    .allow(Rule.atLeast(0, ""))
                    .readOnlyIf(Setting::redisHostInUse)
                    .help("Redis database number, with redis-host.")
                    .into(ServerConfig.Builder::redisDb);

    public static final Setting<String> REDIS_PASSWORD =
            define("redis-password", "REDIS_PASSWORD", ValueType.TEXT, null)
                    .secret()
                    .readOnlyIf(Setting::redisHostInUse)
                    .help("Redis password, with redis-host.")
                    .whenUnset("none")
                    .into(ServerConfig.Builder::redisPassword);

    public static final Setting<String> REDIS_CA =
            define("redis-ca", "REDIS_CA", ValueType.TEXT, null)
                    .help(
                            "PEM file with the CA certificates that verify a rediss:// Redis,"
                                    + " instead of the JVM's trust store.")
                    .whenUnset("the JVM's trust store")
                    .into(ServerConfig.Builder::redisCa);

    public static final Setting<String> CHANNEL_PREFIX =
            define("channel-prefix", "CHANNEL_PREFIX", ValueType.TEXT, "")
                    .allow(
                            Rule.that(
                                    Setting::noGlobSyntax,
                                    "no spaces and none of * ? [ ] \\ (they would turn into glob"
                                            + " syntax)"))
                    .help("Prefix of the Redis channel names; clients never see it.")
                    .into(ServerConfig.Builder::channelPrefix);

    public static final Setting<List<String>> DEFAULT_CHANNELS =
            define("default-channels", "DEFAULT_CHANNELS", ValueType.LIST, List.of())
                    .allow(Rule.channelNames())
                    .help(
                            "Comma-separated channels every connection is subscribed to on connect,"
                                    + " e.g. mempool:tx_analysis,mempool:ctf_tx.")
                    .into(ServerConfig.Builder::defaultChannels);

    public static final Setting<Integer> MAX_FRAME_SIZE =
            define("max-frame-size", "MAX_FRAME_SIZE", ValueType.NUMBER, 64 * 1024)
                    .allow(Rule.between(1024, 16 * 1024 * 1024, "bytes"))
                    .help(
                            "Largest client frame in bytes; larger ones close the connection with"
                                    + " 1009.")
                    .into(ServerConfig.Builder::maxFrameSize);

    public static final Setting<Integer> OUTBOUND_BUDGET =
            define("outbound-budget", "OUTBOUND_BUDGET", ValueType.NUMBER, 1024 * 1024)
                    .allow(Rule.atLeast(16 * 1024, "bytes"))
                    .help(
                            "Bytes a connection may have queued towards a slow client before it is"
                                    + " closed with 4008.")
                    .into(ServerConfig.Builder::outboundBudget);

    public static final Setting<Integer> PING_INTERVAL =
            define("ping-interval", "PING_INTERVAL", ValueType.NUMBER, 25)
                    .allow(Rule.between(1, 3600, "seconds"))
                    .help(
                            "Seconds between WebSocket pings; a peer silent for two intervals is"
                                    + " closed.")
                    .into(ServerConfig.Builder::pingIntervalSeconds);

    public static final Setting<Integer> MAX_SUBSCRIPTIONS =
            define("max-subscriptions", "MAX_SUBSCRIPTIONS", ValueType.NUMBER, 1000)
                    .allow(Rule.atLeast(1, ""))
                    .help("Most channels and patterns one connection may subscribe to.")
                    .into(ServerConfig.Builder::maxSubscriptions);

    public static final Setting<Integer> COMMAND_RATE =
            define("command-rate", "COMMAND_RATE", ValueType.NUMBER, 1000)
                    .allow(Rule.atLeast(1, ""))
                    .help(
                            "Commands per second one connection may send (burst of the same size);"
                                    + " more get too_many_requests.")
                    .into(ServerConfig.Builder::commandRate);

    public static final Setting<Integer> MAX_BAD_COMMANDS =
            define("max-bad-commands", "MAX_BAD_COMMANDS", ValueType.NUMBER, 10)
                    .allow(Rule.atLeast(1, ""))
                    .help("Bad commands in a row after which the connection is closed with 4509.")
                    .into(ServerConfig.Builder::maxBadCommands);

    public static final Setting<Boolean> CLIENT_PUBLISH =
            define("client-publish", "CLIENT_PUBLISH", ValueType.BOOLEAN, true)
                    .help(
                            "Whether clients may publish over the WebSocket (true/false), on"
                                    + " channels whose namespace does not say.")
                    .into(ServerConfig.Builder::clientPublish);

    public static final Setting<List<Namespace>> NAMESPACES =
            define("namespaces", "NAMESPACES", ValueType.NAMESPACES, List.of())
                    .help(
                            "Channel namespaces (the part of a name before the first ':') and what"
                                    + " clients may do in each, as JSON, e.g."
                                    + " '{\"chat\":{\"publish\":\"subscribers\"},"
                                    + "\"private\":{\"subscribe\":\"token\"}}'; \"\" is the"
                                    + " default namespace. Options: subscribe"
                                    + " (authenticated/token/none), publish"
                                    + " (none/subscribers/anyone), patterns, history (length/age),"
                                    + " recovery, presence, join_leave, persist. See the README.")
                    .into(ServerConfig.Builder::namespaces);

    public static final Setting<Boolean> CLAIMED_IDENTITY_WRITES =
            define("claimed-identity-writes", "CLAIMED_IDENTITY_WRITES", ValueType.BOOLEAN, false)
                    .help(
                            "With the shared token, where any holder can claim any user name, still"
                                    + " let clients remember channels for a user (persist) and"
                                    + " read them back on connect. Always allowed with JWTs.")
                    .into(ServerConfig.Builder::claimedIdentityWrites);

    public static final Setting<List<String>> ALLOWED_ORIGINS =
            define("allowed-origins", "ALLOWED_ORIGINS", ValueType.LIST, List.of())
                    .help(
                            "Comma-separated Origin values allowed to open a WebSocket (others"
                                    + " get 403); empty allows any.")
                    .into(ServerConfig.Builder::allowedOrigins);

    public static final Setting<Integer> MAX_CONNECTIONS =
            define("max-connections", "MAX_CONNECTIONS", ValueType.NUMBER, 100_000)
                    .allow(Rule.atLeast(0, "(0: no limit)"))
                    .help(
                            "WebSocket connections this node accepts; more get HTTP 503 (0: no"
                                    + " limit).")
                    .into(ServerConfig.Builder::maxConnections);

    public static final Setting<Integer> MAX_CONNECTIONS_PER_USER =
            define("max-connections-per-user", "MAX_CONNECTIONS_PER_USER", ValueType.NUMBER, 100)
                    .allow(Rule.atLeast(0, "(0: no limit)"))
                    .help(
                            "WebSocket connections one user may hold on this node; more get HTTP"
                                    + " 429 (0: no limit).")
                    .into(ServerConfig.Builder::maxConnectionsPerUser);

    public static final Setting<Integer> MAX_CONNECTIONS_PER_IP =
            define("max-connections-per-ip", "MAX_CONNECTIONS_PER_IP", ValueType.NUMBER, 1000)
                    .allow(Rule.atLeast(0, "(0: no limit)"))
                    .help(
                            "WebSocket connections from one client address on this node; more get"
                                    + " HTTP 429 (0: no limit, right behind a proxy, where every"
                                    + " client has the proxy's address).")
                    .into(ServerConfig.Builder::maxConnectionsPerIp);

    public static final Setting<Integer> MAX_HTTP_CONNECTIONS =
            define("max-http-connections", "MAX_HTTP_CONNECTIONS", ValueType.NUMBER, 1000)
                    .allow(Rule.atLeast(0, "(0: no limit)"))
                    .help(
                            "Connections that have not upgraded to WebSocket (HTTP requests,"
                                    + " handshakes); beyond it new connections are closed at once"
                                    + " (0: no limit).")
                    .into(ServerConfig.Builder::maxHttpConnections);

    public static final Setting<Integer> HTTP_REQUEST_TIMEOUT =
            define("http-request-timeout", "HTTP_REQUEST_TIMEOUT", ValueType.NUMBER, 10)
                    .allow(Rule.between(1, 3600, "seconds"))
                    .help(
                            "Seconds a client has to send a whole HTTP request, from connecting or"
                                    + " from the request's first byte; then the connection is"
                                    + " closed.")
                    .into(ServerConfig.Builder::httpRequestTimeoutSeconds);

    public static final Setting<Integer> HTTP_IDLE_TIMEOUT =
            define("http-idle-timeout", "HTTP_IDLE_TIMEOUT", ValueType.NUMBER, 30)
                    .allow(Rule.between(1, 3600, "seconds"))
                    .help(
                            "Seconds a kept-alive HTTP connection may wait for its next request"
                                    + " before it is closed.")
                    .into(ServerConfig.Builder::httpIdleTimeoutSeconds);

    public static final Setting<Integer> REDIS_PROBE_INTERVAL =
            define("redis-probe-interval", "REDIS_PROBE_INTERVAL", ValueType.NUMBER, 5)
                    .allow(Rule.atLeast(1, "second"))
                    .help(
                            "Seconds between probes that check the Redis pub/sub connection still"
                                    + " receives.")
                    .into(ServerConfig.Builder::redisProbeIntervalSeconds);

    public static final Setting<Integer> REDIS_READ_TIMEOUT =
            define("redis-read-timeout", "REDIS_READ_TIMEOUT", ValueType.NUMBER, 30)
                    .allow(Rule.between(1, 600, "seconds"))
                    .help(
                            "Seconds a Redis read that may be large (history pages, catch-up,"
                                    + " channel and presence listings) may take on its own"
                                    + " connection; then it fails and only that connection is"
                                    + " rebuilt. Publishes use another connection, with 5 s.")
                    .into(ServerConfig.Builder::redisReadTimeoutSeconds);

    public static final Setting<Integer> IDEMPOTENCY_WINDOW =
            define("idempotency-window", "IDEMPOTENCY_WINDOW", ValueType.NUMBER, 300)
                    .allow(Rule.between(1, 86_400, "seconds"))
                    .help(
                            "Seconds a publish's idempotency_key is remembered: a retry with the"
                                    + " same key within it is answered like the first and not"
                                    + " delivered again.")
                    .into(ServerConfig.Builder::idempotencyWindowSeconds);

    public static final Setting<Integer> IO_THREADS =
            define("io-threads", "IO_THREADS", ValueType.NUMBER, 0)
                    .allow(Rule.between(0, 1024, "(0: one per CPU core)"))
                    .help("Event loop threads serving connections (0: one per CPU core).")
                    .into(ServerConfig.Builder::ioThreads);

    public static final Setting<Integer> SUMMARY_INTERVAL =
            define("summary-interval", "SUMMARY_INTERVAL", ValueType.NUMBER, 60)
                    .allow(Rule.atLeast(0, "seconds (0: off)"))
                    .help(
                            "Seconds between one-line activity summaries in the log (0 turns them"
                                    + " off).")
                    .into(ServerConfig.Builder::summaryIntervalSeconds);

    public static final Setting<List<String>> PRESENCE =
            define("presence", "PRESENCE", ValueType.LIST, List.of())
                    .allow(Rule.channelNames())
                    .help(
                            "Comma-separated channel globs (e.g. chat:*,general) whose subscribers"
                                    + " get join and leave frames.")
                    .into(ServerConfig.Builder::presence);

    public static final Setting<Integer> PRESENCE_REFRESH =
            define("presence-refresh", "PRESENCE_REFRESH", ValueType.NUMBER, 10)
                    .allow(Rule.between(1, 3600, "seconds"))
                    .help(
                            "Seconds between the rounds in which a node refreshes the presence of"
                                    + " its clients.")
                    .into(ServerConfig.Builder::presenceRefreshSeconds);

    public static final Setting<Integer> PRESENCE_TTL =
            define("presence-ttl", "PRESENCE_TTL", ValueType.NUMBER, 30)
                    .help(
                            "Seconds a presence entry lives without refresh, more than"
                                    + " presence-refresh: users of a node that died vanish within"
                                    + " about this plus one refresh interval.")
                    .into(ServerConfig.Builder::presenceTtlSeconds);

    public static final Setting<String> NODE_ID =
            define("node-id", "NODE_ID", ValueType.TEXT, null)
                    .help("Name of this node in welcome frames and logs.")
                    .whenUnset("n- and 6 random hex digits")
                    .into(ServerConfig.Builder::nodeId);

    public static final Setting<List<HistoryRule>> HISTORY =
            define("history", "HISTORY", ValueType.HISTORY_RULES, List.of())
                    .help(
                            "Channels that keep a history, as comma-separated pattern=length/age"
                                    + " rules, first match wins, e.g."
                                    + " 'chat:*=1000/24h,news=100/1h' ('*=...' for every"
                                    + " channel).")
                    .into(ServerConfig.Builder::history);

    public static final Setting<String> JWT_SECRET =
            define("jwt-secret", "JWT_SECRET", ValueType.TEXT, null)
                    .secret()
                    .help(
                            "Accept HS256/384/512 JWTs signed with this secret (at least 32 bytes)"
                                    + " instead of the shared token; the user is the token's"
                                    + " sub.")
                    .whenUnset("no JWTs")
                    .into(ServerConfig.Builder::jwtSecret);

    public static final Setting<String> JWT_PUBLIC_KEY =
            define("jwt-public-key", "JWT_PUBLIC_KEY", ValueType.TEXT, null)
                    .help(
                            "PEM file with the public key (or certificate) that verifies RS*, PS*"
                                    + " or ES* JWTs, instead of the shared token.")
                    .whenUnset("none")
                    .into(ServerConfig.Builder::jwtPublicKey);

    public static final Setting<String> JWT_JWKS =
            define("jwt-jwks", "JWT_JWKS", ValueType.TEXT, null)
                    .help(
                            "JWKS document (https:// URL or file) whose keys verify JWTs, matched"
                                    + " by kid and refreshed every 5 minutes and on an unknown"
                                    + " kid.")
                    .whenUnset("none")
                    .into(ServerConfig.Builder::jwtJwks);

    public static final Setting<String> JWT_AUDIENCE =
            define("jwt-audience", "JWT_AUDIENCE", ValueType.TEXT, null)
                    .help("With JWTs: the aud a token must carry.")
                    .whenUnset("not checked")
                    .into(ServerConfig.Builder::jwtAudience);

    public static final Setting<String> JWT_ISSUER =
            define("jwt-issuer", "JWT_ISSUER", ValueType.TEXT, null)
                    .help("With JWTs: the iss a token must carry.")
                    .whenUnset("not checked")
                    .into(ServerConfig.Builder::jwtIssuer);

    public static final Setting<Integer> JWT_LEEWAY =
            define("jwt-leeway", "JWT_LEEWAY", ValueType.NUMBER, 30)
                    .allow(Rule.between(0, 600, "seconds"))
                    .help("With JWTs: clock skew allowed on exp and nbf.")
                    .into(ServerConfig.Builder::jwtLeewaySeconds);

    public static final Setting<List<String>> DIALECTS =
            define("dialects", "DIALECTS", ValueType.LIST, List.of())
                    .allow(DialectsConfig::problem)
                    .help(
                            "Paths whose WebSocket clients speak the frames of a system redcast"
                                    + " replaces, as comma-separated name:/path items, e.g."
                                    + " 'rooms:/,relay:/relay,gochat:/chat': forwarder (what /ws"
                                    + " serves clients without subprotocol), rooms (the Pub/Sub +"
                                    + " Streams room server), relay (Node ws relay of raw text),"
                                    + " gochat (the Go chat). See Migrating in the README.")
                    .into(ServerConfig.Builder::dialects);

    public static final Setting<List<String>> OPEN_DIALECTS =
            define("open-dialects", "OPEN_DIALECTS", ValueType.LIST, List.of())
                    .allow(Rule.that(DialectsConfig::openable, "names of rooms, relay, gochat"))
                    .help(
                            "Dialects whose clients may connect without a token, as their originals"
                                    + " did: anyone may then claim any user name there, so it"
                                    + " implies claimed-identity-writes, is refused with JWTs, and"
                                    + " the start-up banner warns.")
                    .into(ServerConfig.Builder::openDialects);

    public static final Setting<String> RELAY_CHANNEL =
            define("relay-channel", "RELAY_CHANNEL", ValueType.TEXT, "my_channel")
                    .allow(
                            Rule.that(
                                    c -> ChannelNames.publicProblem(c) == null,
                                    "a channel name clients may use"))
                    .help(
                            "The channel the relay dialect publishes every text frame to and"
                                    + " relays to its clients.")
                    .into(ServerConfig.Builder::relayChannel);

    public static final Setting<String> ROOMS_NAMESPACE =
            define("rooms-namespace", "ROOMS_NAMESPACE", ValueType.TEXT, "room")
                    .allow(
                            Rule.that(
                                    DialectsConfig::namespaceName,
                                    "a namespace name (none of : * ? [ ] \\ #)"))
                    .help(
                            "The namespace whose channels are the rooms dialect's rooms: room 42"
                                    + " is channel room:42. Give it history, join_leave and"
                                    + " publish=subscribers in namespaces.")
                    .into(ServerConfig.Builder::roomsNamespace);

    private final String key;
    private final String env;
    private final List<String> aliases;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String unsetText;
    private final Rule<T> rule;
    private final boolean secret;
    private final UnaryOperator<String> shownAs;
    private final Predicate<Set<Setting<?>>> readIf;
    private final String help;
    private final BiConsumer<ServerConfig.Builder, T> into;

    private Setting(Definition<T> d, BiConsumer<ServerConfig.Builder, T> into) {
        this.key = d.key;
        this.env = d.env;
        this.aliases = List.copyOf(d.aliases);
        this.type = d.type;
        this.defaultValue = d.defaultValue;
        this.unsetText = d.unsetText;
        this.rule = d.rule;
        this.secret = d.secret;
        this.shownAs = d.shownAs;
        this.readIf = d.readIf;
        this.help = Objects.requireNonNull(d.help, "help of " + d.key);
        this.into = into;
        if ((defaultValue == null) == (unsetText == null)) {
            throw new IllegalStateException(
                    key + ": a setting has either a default or says what unset means");
        }
    }

    /** Every setting, in the order of the table (and of {@code --help} and the README). */
    public static List<Setting<?>> values() {
        return Collections.unmodifiableList(ALL);
    }

    /** The setting whose flag name and file key is {@code key}, or null. */
    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** Flag name without dashes and config-file key. */
    public String key() {
        return key;
    }

    public String env() {
        return env;
    }

    /** How messages name the setting: {@code key (ENV)}. */
    public String displayName() {
        return key + " (" + env + ")";
    }

    /**
     * Every environment variable the setting is read from, first match wins: {@link #env()}, then
     * the names other systems gave it ({@code PORT} for {@code WS_PORT}, as the Go chat read it).
     */
    public List<String> envNames() {
        List<String> names = new ArrayList<>();
        names.add(env);
        names.addAll(aliases);
        return names;
    }

    public String help() {
        return help;
    }

    /** The typed default, or null when unset means "not used" or "made up at start-up". */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as help and docs show it: the value as text, or what unset means. */
    public String defaultText() {
        if (defaultValue == null) {
            return unsetText;
        }
        String text = format(defaultValue);
        return text.isEmpty() ? type.emptyText() : text;
    }

    /** What a value looks like, for {@code --help}: a type name, or SECRET. */
    public String valueLabel() {
        return secret ? "SECRET" : type.label();
    }

    /**
     * The value of {@code text} (trimmed already), checked against what the setting allows.
     *
     * @throws ConfigException naming the setting, the value and what is allowed
     */
    public T parse(String text) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(this, shownAs.apply(text), e.getMessage());
        }
        check(value);
        return value;
    }

    /**
     * Refuses a value the setting does not allow.
     *
     * @throws ConfigException naming the setting, the value and what is allowed
     */
    public void check(T value) {
        Rule.Refusal refusal = rule.refuse(value);
        if (refusal != null) {
            String shown = refusal.value() != null ? refusal.value() : type.format(value);
            throw ConfigException.invalid(this, shownAs.apply(shown), refusal.allowed());
        }
    }

    /** {@code value} as the text this setting reads back, for help, docs and logs. */
    public String format(T value) {
        return type.format(value);
    }

    /** {@code text} as messages may show it: masked for a secret. */
    String shown(String text) {
        return shownAs.apply(text);
    }

    /** Whether this setting is read at all, given which settings have a non-empty value. */
    boolean readWith(Set<Setting<?>> given) {
        return readIf.test(given);
    }

    /** Parses {@code text} and hands the value to {@code builder}. */
    void apply(ServerConfig.Builder builder, String text) {
        into.accept(builder, parse(text));
    }

    @Override
    public String toString() {
        return key;
    }

    /**
     * The redis-host parts are read only when they build the URL: an orchestrator may set {@code
     * REDIS_PORT=tcp://...} for a service named "redis", which must not stop a node given {@code
     * REDIS_URL}.
     */
    private static boolean redisHostInUse(Set<Setting<?>> given) {
        return given.contains(REDIS_HOST) && !given.contains(REDIS_URL);
    }

    private static boolean noGlobSyntax(String prefix) {
        for (char c : prefix.toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0 || c <= ' ') {
                return false;
            }
        }
        return true;
    }

    private static <T> Definition<T> define(
            String key, String env, ValueType<T> type, T defaultValue) {
        return new Definition<>(key, env, type, defaultValue);
    }

    /** Confined to the class initialiser. One row of the table while it is being written. */
    private static final class Definition<T> {
        private final String key;
        private final String env;
        private final ValueType<T> type;
        private final T defaultValue;
        private final List<String> aliases = new ArrayList<>();
        private String unsetText;
        private Rule<T> rule = Rule.any();
        private boolean secret;
        private UnaryOperator<String> shownAs = UnaryOperator.identity();
        private Predicate<Set<Setting<?>>> readIf = given -> true;
        private String help;

        private Definition(String key, String env, ValueType<T> type, T defaultValue) {
            this.key = key;
            this.env = env;
            this.type = type;
            this.defaultValue = defaultValue;
        }

        /** Also read from environment variable {@code env}, after the main one. */
        Definition<T> alsoFrom(String env) {
            aliases.add(env);
            return this;
        }

        Definition<T> allow(Rule<T> rule) {
            this.rule = rule;
            return this;
        }

        /** Masked in messages and labelled SECRET in help. */
        Definition<T> secret() {
            this.secret = true;
            return shownAs(text -> text.isEmpty() ? text : "***");
        }

        /** How a value appears in messages. */
        Definition<T> shownAs(UnaryOperator<String> shownAs) {
            this.shownAs = shownAs;
            return this;
        }

        /** Read only when {@code condition} holds for the settings given a non-empty value. */
        Definition<T> readOnlyIf(Predicate<Set<Setting<?>>> condition) {
            this.readIf = condition;
            return this;
        }

        Definition<T> help(String help) {
            this.help = help;
            return this;
        }

        /** For a setting without a default: what leaving it unset (or empty) means. */
        Definition<T> whenUnset(String meaning) {
            this.unsetText = meaning;
            return this;
        }

        /** Completes the row and adds it to the table. */
        Setting<T> into(BiConsumer<ServerConfig.Builder, T> into) {
            Setting<T> s = new Setting<>(this, into);
            ALL.add(s);
            return s;
        }
    }
}
