package dev.redcast.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Thread-safe (immutable). The settings of one {@link RedcastClient}, built with {@link
 * RedcastClient#builder()} and frozen once built.
 *
 * @param url the server's WebSocket endpoint, {@code ws://host:port/ws} or {@code wss://...}
 * @param token the shared token or a JWT, sent as {@code ?token=}; null to send none (or to use
 *     {@code tokenSupplier})
 * @param tokenSupplier asked for the token before every connection attempt and, when it is a JWT
 *     with an {@code exp}, again shortly before that, for one to send as a {@code refresh}; null to
 *     use {@code token}. See {@link RedcastClient.Builder#tokenSupplier(Supplier)}.
 * @param user the user name, sent as {@code &user=} (used with the shared token); may be null
 * @param connectTimeout bound on TCP connect, WebSocket upgrade and the welcome frame together
 * @param requestTimeout how long a command waits for its reply
 * @param reconnectMin the first reconnect delay and the floor of every delay
 * @param reconnectMax the ceiling of every reconnect delay
 * @param jitter 0 to 1: the share of each delay window drawn at random (1 is full jitter)
 * @param reconnect whether a lost connection is reopened at all
 * @param maxFrameSize the largest frame accepted from the server, in bytes
 * @param maxPendingRequests how many commands may wait for a reply at once
 * @param trustedCertificates with {@code wss://}: a PEM file of the CA (or server) certificates to
 *     trust instead of the JVM's trust store, e.g. for a private CA; null for the JVM's
 */
public record ClientConfig(
        URI url,
        String token,
        Supplier<? extends CompletionStage<String>> tokenSupplier,
        String user,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        double jitter,
        boolean reconnect,
        int maxFrameSize,
        int maxPendingRequests,
        Path trustedCertificates) {

    /** Default {@code connectTimeout}: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Default {@code requestTimeout}: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Default {@code reconnectMin}: 500 milliseconds. */
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);

    /** Default {@code reconnectMax}: 30 seconds. */
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);

    /** Default {@code jitter}: 1.0, full jitter. */
    public static final double DEFAULT_JITTER = 1.0;

    /** Default {@code maxFrameSize}: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    /** Default {@code maxPendingRequests}: 1024. */
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 1024;

    public ClientConfig {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(
                    "url must start with ws:// or wss://, got '" + url + "'");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("url has no host: '" + url + "'");
        }
        if (token != null && tokenSupplier != null) {
            throw new IllegalArgumentException(
                    "token and tokenSupplier are alternatives: give one of them");
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("reconnectMin", reconnectMin);
        requirePositive("reconnectMax", reconnectMax);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException(
                    "reconnectMax ("
                            + reconnectMax
                            + ") must not be below reconnectMin ("
                            + reconnectMin
                            + ")");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException(
                    "maxFrameSize must be >= 1024 bytes, got " + maxFrameSize);
        }
        if (maxPendingRequests < 1) {
            throw new IllegalArgumentException(
                    "maxPendingRequests must be >= 1, got " + maxPendingRequests);
        }
        if (trustedCertificates != null && !"wss".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(
                    "trustedCertificates is for a wss:// url, got '" + url + "'");
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Whether the URL asks for TLS. */
    public boolean secure() {
        return "wss".equalsIgnoreCase(url.getScheme());
    }

    /** The port to connect to, defaulting to 80 or 443. */
    public int port() {
        return url.getPort() > 0 ? url.getPort() : secure() ? 443 : 80;
    }

    /**
     * The URL with the credentials appended as query parameters, as the protocol asks.
     *
     * @param token the token for this connection (the supplier's, or {@link #token()}); null for
     *     none
     */
    public URI connectUri(String token) {
        StringBuilder query = new StringBuilder();
        if (url.getRawQuery() != null && !url.getRawQuery().isEmpty()) {
            query.append(url.getRawQuery());
        }
        appendParam(query, "token", token);
        appendParam(query, "user", user);
        String path =
                url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String base = url.getScheme() + "://" + url.getRawAuthority() + path;
        return URI.create(query.length() == 0 ? base : base + "?" + query);
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (value == null) {
            return;
        }
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** The URL for logs and messages: without the token. */
    public String displayUrl() {
        return url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
    }
}
