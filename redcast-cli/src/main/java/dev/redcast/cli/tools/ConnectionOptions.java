package dev.redcast.cli.tools;

import dev.redcast.client.RedcastClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
            names = "--token-file",
            paramLabel = "PATH",
            defaultValue = "${env:REDCAST_TOKEN_FILE}",
            description =
                    "File holding the token, instead of --token: read on every connect and, for a"
                            + " JWT, again before it expires, so whatever renews the file keeps"
                            + " the connection's token fresh. Env: REDCAST_TOKEN_FILE.")
    Path tokenFile;

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
        RedcastClient.Builder builder =
                RedcastClient.builder()
                        .url(uri)
                        .user(blankToNull(user))
                        .connectTimeout(timeout)
                        .requestTimeout(timeout);
        return useTokenFile(spec)
                ? builder.tokenSupplier(new TokenFile(tokenFile))
                : builder.token(blankToNull(token));
    }

    /**
     * Whether the token comes from {@code --token-file}. When both a token and a token file are
     * set, the one given on the command line beats the one from the environment; two of a kind are
     * a usage error.
     */
    private boolean useTokenFile(CommandSpec spec) {
        boolean hasToken = blankToNull(token) != null;
        boolean hasFile = tokenFile != null && !tokenFile.toString().isBlank();
        if (!hasToken || !hasFile) {
            return hasFile;
        }
        ParseResult given = spec.commandLine().getParseResult();
        boolean tokenFlag = given.hasMatchedOption("--token");
        boolean fileFlag = given.hasMatchedOption("--token-file");
        if (tokenFlag == fileFlag) {
            throw new ParameterException(
                    spec.commandLine(),
                    "give either a token or a token file, not both ("
                            + (tokenFlag
                                    ? "--token and --token-file"
                                    : "REDCAST_TOKEN and REDCAST_TOKEN_FILE")
                            + ")");
        }
        return fileFlag;
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
