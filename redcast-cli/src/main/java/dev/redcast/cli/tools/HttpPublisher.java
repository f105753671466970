package dev.redcast.cli.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.cli.tools.CliSupport.ToolException;
import dev.redcast.client.PublishResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Confined to the command's thread. Publishes with {@code POST /api/publish} (JSON {@code
 * {"channel","payload"}}, {@code Authorization: Bearer KEY}), one request per message, in order.
 */
final class HttpPublisher implements PublishCommand.Publisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String apiKey;
    private final String channel;
    private final Duration timeout;
    private final Consumer<PublishResult> results;
    private final HttpClient http;

    HttpPublisher(
            URI endpoint,
            String apiKey,
            String channel,
            Duration timeout,
            Consumer<PublishResult> results) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.channel = channel;
        this.timeout = timeout;
        this.results = results;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code BASE/api/publish} for a base such as {@code http://localhost:8080}. */
    static URI endpoint(String base, CommandSpec spec) {
        String trimmed = base.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed + "/api/publish");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--http is not a valid URL: '" + base + "'");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                || uri.getHost() == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--http must look like http://host:port, got '" + base + "'");
        }
        return uri;
    }

    @Override
    public void publish(String payload) {
        ObjectNode body = JSON.createObjectNode();
        body.put("channel", channel);
        body.put("payload", payload);
        HttpRequest request =
                HttpRequest.newBuilder(endpoint)
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ToolException(
                    "no answer from " + endpoint + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new ToolException("cannot reach " + endpoint + ": connection refused");
        } catch (IOException e) {
            throw new ToolException("cannot reach " + endpoint + ": " + CliSupport.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted");
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String code = json != null ? json.path("error").asText("") : "";
            String message = json != null ? json.path("message").asText("") : response.body();
            throw new ToolException(
                    "HTTP "
                            + response.statusCode()
                            + (code.isEmpty() ? "" : " " + code)
                            + (message.isBlank() ? "" : ": " + abbreviate(message.strip())));
        }
        if (json != null && json.path("offset").canConvertToLong() && json.hasNonNull("epoch")) {
            results.accept(
                    new PublishResult(json.get("offset").asLong(), json.get("epoch").asText()));
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    @Override
    public void finish() {}

    @Override
    public void close() {}
}
