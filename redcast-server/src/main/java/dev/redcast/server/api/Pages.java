package dev.redcast.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.protocol.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Thread-safe (stateless). Paged listings over HTTP: {@code ?limit=N&cursor=C} in; out, while more
 * follow, a {@code Link: <path?limit=N&cursor=C>; rel="next"} to the next page and the bare cursor
 * in {@code X-Next-Cursor}. A limit or cursor the listing refuses is a 400 with its message.
 */
final class Pages {
    private Pages() {}

    /**
     * The page {@code req} asks for.
     *
     * @param path the listing's path, for the {@code Link} header
     * @param source the page for a cursor and a limit (both may be null); may throw, or fail with,
     *     {@link IllegalArgumentException} for ones it refuses
     * @param body the page's JSON body
     * @param next the page's cursor for the next one, or null on the last
     * @param <P> a page
     */
    static <P> CompletionStage<HttpResult> answer(
            HttpRequestView req,
            String path,
            BiFunction<String, Long, CompletableFuture<P>> source,
            Function<P, JsonNode> body,
            Function<P, String> next) {
        String cursor = ApiCalls.queryParam(req, "cursor");
        String limitText = ApiCalls.queryParam(req, "limit");
        Long limit;
        CompletableFuture<P> page;
        try {
            limit = limitText == null ? null : limit(limitText);
            page = source.apply(cursor, limit);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(refused(e));
        }
        return page.handle(
                (p, err) -> {
                    if (err != null) {
                        Throwable cause = ApiCalls.unwrap(err);
                        if (cause instanceof IllegalArgumentException e) {
                            return refused(e);
                        }
                        throw new CompletionException(cause);
                    }
                    HttpResult result = HttpResult.json(200, body.apply(p));
                    String n = next.apply(p);
                    if (n == null) {
                        return result;
                    }
                    String link =
                            "<"
                                    + path
                                    + "?"
                                    + (limit == null ? "" : "limit=" + limit + "&")
                                    + "cursor="
                                    + n
                                    + ">; rel=\"next\"";
                    return result.withHeader("Link", link).withHeader("X-Next-Cursor", n);
                });
    }

    private static HttpResult refused(IllegalArgumentException e) {
        return HttpResult.error(ErrorCode.BAD_REQUEST, e.getMessage());
    }

    private static long limit(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "limit must be a whole number, got '"
                            + (text.length() <= 20 ? text : text.substring(0, 20) + "...")
                            + "'");
        }
    }
}
