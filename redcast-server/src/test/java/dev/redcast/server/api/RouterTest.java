package dev.redcast.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.server.broker.memory.MemoryBroker;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Confined to the test thread. Routing by method and path, and the built-in page's files. */
class RouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpRequestView request(String method, String path) {
        return new HttpRequestView(method, path, Map.of(), name -> null, new byte[0]);
    }

    private static HttpResult route(Router router, String method, String path) {
        return router.route(request(method, path)).toCompletableFuture().join();
    }

    private static JsonNode json(HttpResult r) throws IOException {
        assertThat(r.contentType()).isEqualTo(HttpResult.JSON);
        return JSON.readTree(r.body());
    }

    private static HttpEndpoint echoTail(String name) {
        return (req, tail) ->
                CompletableFuture.completedFuture(
                        HttpResult.json(200, Map.of("endpoint", name, "tail", tail)));
    }

    private final Router router =
            new Router()
                    .exact("GET", "/channels", echoTail("list"))
                    .exact("POST", "/channels", echoTail("create"))
                    .prefix("PUT", "/channels/", echoTail("put"))
                    .prefix("GET", "/user/", echoTail("user"));

    @Test
    void route_exactPath_byMethod() throws IOException {
        assertThat(json(route(router, "GET", "/channels")).get("endpoint").asText())
                .isEqualTo("list");
        assertThat(json(route(router, "POST", "/channels")).get("endpoint").asText())
                .isEqualTo("create");
    }

    @Test
    void route_prefix_passesTheTail() throws IOException {
        JsonNode r = json(route(router, "GET", "/user/wael/channels"));
        assertThat(r.get("endpoint").asText()).isEqualTo("user");
        assertThat(r.get("tail").asText()).isEqualTo("wael/channels");
    }

    @Test
    void route_prefixWithNothingAfter_isNotFound() throws IOException {
        HttpResult r = route(router, "GET", "/user/");
        assertThat(r.status()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void route_knownPathWrongMethod_is405() throws IOException {
        HttpResult r = route(router, "DELETE", "/channels");
        assertThat(r.status()).isEqualTo(405);
        assertThat(json(r).get("message").asText()).contains("DELETE").contains("/channels");
        assertThat(route(router, "GET", "/channels/x").status()).isEqualTo(405);
    }

    @Test
    void route_unknownPath_is404WithJsonBody() throws IOException {
        HttpResult r = route(router, "GET", "/nope");
        assertThat(r.status()).isEqualTo(404);
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).isEqualTo("not_found");
        assertThat(body.get("message").asText()).contains("/nope");
    }

    @Test
    void health_andReady_reportTheBroker() throws IOException {
        MemoryBroker broker = new MemoryBroker();
        Router r = new Router();
        HealthEndpoints.register(r, broker, "n-1");
        assertThat(json(route(r, "GET", "/health")).get("status").asText()).isEqualTo("ok");
        HttpResult ready = route(r, "GET", "/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(json(ready).get("node").asText()).isEqualTo("n-1");
        broker.close();
        HttpResult notReady = route(r, "GET", "/ready");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(json(notReady).get("status").asText()).isEqualTo("not_ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../pom.xml", ".hidden", "a/b.js", "..", "", "x%2e%2e", "a\\b"})
    void webAssets_unsafeNames_areNotFound(String name) {
        assertThat(new WebAssets().file(name).status()).isEqualTo(404);
    }

    @Test
    void webAssets_missingFiles_areNotKeptInMemory() {
        WebAssets assets = new WebAssets();
        for (int i = 0; i < 1000; i++) {
            assertThat(assets.file("missing-" + i + ".js").status()).isEqualTo(404);
        }
        assertThat(assets.cachedFiles()).isZero();
    }

    @Test
    void webAssets_routes_serveOnlyGet() {
        Router r = new Router();
        WebAssets.register(r);
        assertThat(route(r, "POST", "/").status()).isEqualTo(405);
        assertThat(route(r, "GET", "/web/../../etc/passwd").status()).isEqualTo(404);
        HttpResult page = route(r, "GET", "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(route(r, "GET", "/web/app.js").contentType()).startsWith("text/javascript");
    }

    @Test
    void redcastJs_isTheBrowserClientsEsmBuild_fromTheRedcastJsJar() {
        Router r = new Router();
        WebAssets.register(r);
        HttpResult client = route(r, "GET", "/redcast.js");
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.contentType()).startsWith("text/javascript");
        String source = new String(client.body(), java.nio.charset.StandardCharsets.UTF_8);
        // An ES module that exports the client class; built by clients/js, not kept here.
        assertThat(source).containsPattern("export \\{[^}]*\\bRedcastClient\\b");
        // The page has no protocol code of its own any more.
        assertThat(WebAssets.class.getResource("/dev/redcast/server/web/redcast.js")).isNull();
    }
}
