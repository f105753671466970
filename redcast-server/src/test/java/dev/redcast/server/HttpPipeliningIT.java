package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.redcast.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 pipelining: answers go out in the order the requests came, whatever each one waits for,
 * so a fast {@code /health} never overtakes a Redis-backed {@code /users}.
 */
class HttpPipeliningIT {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) [^\\r]*\\r\\n");

    private static RedisServer redis;
    private static RedcastServer node;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        node = RedcastServer.start(TestNodes.config(redis.uri()).build());
    }

    @AfterAll
    static void stop() {
        node.close();
        redis.close();
    }

    /**
     * A pause of Redis in one test may make the node rebuild its connection; not the next one's.
     */
    @BeforeEach
    void awaitReady() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Http.get(node, "/ready").statusCode() == 200);
    }

    @Test
    void slowRequestThenHealthWithClose_bothAnsweredInOrder() throws IOException {
        // /users reads presence from Redis, which answers nothing for a moment; /health does not
        // touch Redis and asks for the connection to be closed after its answer.
        redis.command("CLIENT", "PAUSE", "300", "ALL");
        String raw =
                exchange(
                        "GET /users HTTP/1.1\r\nHost: t\r\n\r\n"
                                + "GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        List<String> bodies = bodies(raw);
        assertThat(bodies).as("responses in %s", raw).hasSize(2);
        assertThat(bodies.get(0)).as("the /users answer").doesNotContain("\"status\"");
        assertThat(bodies.get(1)).contains("\"status\":\"ok\"");
    }

    @Test
    void manyPipelinedRequests_areAnsweredOneEachInOrder() throws IOException {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            requests.append(i % 2 == 0 ? "GET /users" : "GET /health").append(" HTTP/1.1\r\n");
            requests.append("Host: t\r\n\r\n");
        }
        requests.append("GET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        String raw = exchange(requests.toString());

        List<String> bodies = bodies(raw);
        assertThat(bodies).as("responses in %s", raw).hasSize(21);
        for (int i = 0; i < 20; i++) {
            if (i % 2 == 0) {
                assertThat(bodies.get(i)).as("answer %d", i).startsWith("[");
            } else {
                assertThat(bodies.get(i)).as("answer %d", i).contains("\"status\":\"ok\"");
            }
        }
        assertThat(bodies.get(20)).contains("not_found");
    }

    /** Writes {@code requests} in one go and reads until the server closes the connection. */
    private static String exchange(String requests) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    /** The bodies of the responses in {@code raw}, in order (each has a Content-Length). */
    private static List<String> bodies(String raw) {
        List<String> out = new ArrayList<>();
        Matcher m = STATUS_LINE.matcher(raw);
        int at = 0;
        while (m.find(at)) {
            int headersEnd = raw.indexOf("\r\n\r\n", m.end());
            Matcher length =
                    Pattern.compile("(?i)content-length: (\\d+)")
                            .matcher(raw.substring(m.end(), headersEnd));
            assertThat(length.find()).as("content-length in %s", raw).isTrue();
            int start = headersEnd + 4;
            int end = start + Integer.parseInt(length.group(1));
            out.add(raw.substring(start, end));
            at = end;
        }
        return out;
    }
}
