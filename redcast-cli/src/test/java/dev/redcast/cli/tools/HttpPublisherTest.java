package dev.redcast.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code publish --http} against a scripted HTTP endpoint on loopback (the JDK's HttpServer), so
 * the request format and error handling are checked without the gateway's HTTP API.
 */
class HttpPublisherTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Seen(
            String method, String path, String auth, String contentType, JsonNode body) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String reply = "{\"offset\":41,\"epoch\":\"e1\"}";
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    seen.add(
                            new Seen(
                                    exchange.getRequestMethod(),
                                    exchange.getRequestURI().getPath(),
                                    exchange.getRequestHeaders().getFirst("Authorization"),
                                    exchange.getRequestHeaders().getFirst("Content-Type"),
                                    JSON.readTree(body)));
                    byte[] out = reply.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, out.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CommandRun run(String stdin) {
        return new CommandRun(
                new CommandLine(
                        new PublishCommand(
                                new java.io.ByteArrayInputStream(
                                        stdin.getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void payload_isPostedAsJsonWithTheBearerKey_andTheOffsetPrinted() {
        CommandRun r = run("");
        int code =
                r.execute(
                        "--http", base + "/", "--api-key", "k3y", "-c", "general", "hi \"there\"");
        assertThat(code).isZero();
        assertThat(r.out()).isEqualTo("offset=41 epoch=e1" + System.lineSeparator());
        assertThat(seen).hasSize(1);
        Seen s = seen.get(0);
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo("/api/publish");
        assertThat(s.auth()).isEqualTo("Bearer k3y");
        assertThat(s.contentType()).isEqualTo("application/json");
        assertThat(s.body().get("channel").asText()).isEqualTo("general");
        assertThat(s.body().get("payload").asText()).isEqualTo("hi \"there\"");
    }

    @Test
    void stdinLines_areEachPostedInOrder_andNoOffsetPrintsNothing() {
        reply = "{\"ok\":true}";
        CommandRun r = run("one\ntwo\n\nfour\n");
        int code = r.execute("--http", base, "--api-key", "k", "-c", "c");
        assertThat(code).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(seen)
                .extracting(s -> s.body().get("payload").asText())
                .containsExactly("one", "two", "", "four");
        assertThat(r.err()).contains("published 4 message(s) to c");
    }

    @Test
    void httpError_exitsWithOneAndTheServersMessage_noStackTrace() {
        status = 401;
        reply = "{\"error\":\"unauthorized\",\"message\":\"wrong API key\"}";
        CommandRun r = run("");
        int code = r.execute("--http", base, "--api-key", "bad", "-c", "c", "x");
        assertThat(code).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("redcast publish: HTTP 401 unauthorized: wrong API key");
    }

    @Test
    void unreachableServer_isAClearError() {
        server.stop(0);
        CommandRun r = run("");
        int code = r.execute("--http", base, "--api-key", "k", "-c", "c", "x");
        assertThat(code).isEqualTo(1);
        assertThat(r.err()).startsWith("redcast publish: cannot reach " + base + "/api/publish");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void usageErrors_exitWithTwo() {
        CommandRun noKey = run("");
        assertThat(noKey.execute("--http", base, "-c", "c", "x")).isEqualTo(2);
        assertThat(noKey.err()).contains("--http needs --api-key");

        CommandRun badUrl = run("");
        assertThat(badUrl.execute("--http", "ftp://x", "--api-key", "k", "-c", "c", "x"))
                .isEqualTo(2);
        assertThat(badUrl.err()).contains("--http must look like http://host:port");

        CommandRun noChannel = run("");
        assertThat(noChannel.execute("--http", base, "--api-key", "k", "x")).isEqualTo(2);
        assertThat(noChannel.err()).contains("Missing required option: '--channel=CHANNEL'");
        assertThat(seen).isEmpty();
    }
}
