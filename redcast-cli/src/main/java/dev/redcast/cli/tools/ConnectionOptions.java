package dev.redcast.cli.tools;

import dev.redcast.client.RedcastClient;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Confined to the command's thread. The options every WebSocket tool shares: where the server is
 * and who connects. A picocli mixin.
 */
public final class ConnectionOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "${env:REDCAST_URL}",
            description = "WebSocket endpoint, e.g. ws://localhost:8080/ws. Env: REDCAST_URL.")
    String url;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:REDCAST_TOKEN}",
            description = "Shared token or JWT. Env: REDCAST_TOKEN.")
    String token;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            defaultValue = "${env:REDCAST_USER}",
            description = "User name (with the shared token). Env: REDCAST_USER.")
    String user;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Connect and request timeout in seconds. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    /** The timeout as a duration, validated. */
    public Duration timeout(CommandSpec spec) {
        if (timeoutSeconds < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** Whether a WebSocket URL was given (by flag or environment). */
    public boolean hasUrl() {
        return url != null && !url.isBlank();
    }

    /**
     * A client builder for these options.
     *
     * @throws ParameterException (a usage error) when the URL is missing or malformed
     */
    public RedcastClient.Builder clientBuilder(CommandSpec spec) {
        if (!hasUrl()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Missing the server: give --url ws://host:port/ws or set REDCAST_URL");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--url is not a valid URL: '" + url + "'");
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())
                || uri.getHost() == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--url must look like ws://host:port/ws (or wss://), got '" + url + "'");
        }
        Duration timeout = timeout(spec);
        return RedcastClient.builder()
                .url(uri)
                .token(blankToNull(token))
                .user(blankToNull(user))
                .connectTimeout(timeout)
                .requestTimeout(timeout);
    }

    /** The user name given, or null. */
    public String user() {
        return blankToNull(user);
    }

    /** The URL without query (where a token could hide), for showing on screen. */
    public String displayUrl() {
        if (!hasUrl()) {
            return "";
        }
        try {
            URI uri = URI.create(url.strip());
            return uri.getScheme()
                    + "://"
                    + uri.getRawAuthority()
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
