package dev.redcast.server.api;

import dev.redcast.protocol.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe. Serves the built-in page from the classpath folder {@code dev/redcast/server/web}:
 * {@code GET /} is {@code index.html}, {@code GET /web/<file>} the rest; and {@code GET
 * /redcast.js}, the browser client redcast-js as an ES module (the ESM build of {@code clients/js},
 * which its jar carries), for the page and for any other page that wants it. Files are read once.
 */
public final class WebAssets {
    private static final String ROOT = "/dev/redcast/server/web/";

    /** Where the redcast-js jar puts its ESM build. */
    static final String CLIENT = "/dev/redcast/js/index.js";

    private static final Map<String, String> TYPES =
            Map.of(
                    "html", "text/html; charset=utf-8",
                    "js", "text/javascript; charset=utf-8",
                    "css", "text/css; charset=utf-8",
                    "svg", "image/svg+xml",
                    "png", "image/png",
                    "ico", "image/x-icon");

    private final Map<String, HttpResult> cache = new ConcurrentHashMap<>();

    public static void register(Router router) {
        WebAssets assets = new WebAssets();
        router.exact(
                "GET",
                "/",
                (req, tail) -> CompletableFuture.completedFuture(assets.file("index.html")));
        router.prefix(
                "GET",
                "/web/",
                (req, tail) -> CompletableFuture.completedFuture(assets.file(tail)));
        router.exact(
                "GET",
                "/redcast.js",
                (req, tail) -> CompletableFuture.completedFuture(assets.resource(CLIENT)));
    }

    /** A file of the page's folder. */
    HttpResult file(String name) {
        if (!name.matches("[A-Za-z0-9_.-]+") || name.startsWith(".")) {
            return HttpResult.error(ErrorCode.NOT_FOUND, "no such file: " + name);
        }
        return resource(ROOT + name);
    }

    /** A classpath resource, by its absolute name. */
    HttpResult resource(String path) {
        HttpResult cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        // Only files that exist are kept: caching misses would let anyone grow the map forever.
        HttpResult loaded = load(path);
        if (loaded.status() == 200) {
            cache.putIfAbsent(path, loaded);
        }
        return loaded;
    }

    /** How many files are held in memory. */
    int cachedFiles() {
        return cache.size();
    }

    private HttpResult load(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        try (InputStream in = WebAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                return HttpResult.error(ErrorCode.NOT_FOUND, "no such file: " + name);
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new HttpResult(
                    200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        } catch (IOException e) {
            return HttpResult.error(ErrorCode.INTERNAL, "cannot read " + name);
        }
    }
}
