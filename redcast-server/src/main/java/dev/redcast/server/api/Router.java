package dev.redcast.server.api;

import dev.redcast.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Thread-safe once built (routes are added before the server starts). Maps method and path to an
 * endpoint: exact paths, or prefixes ending in {@code /} whose remainder is passed on.
 */
public final class Router {
    private record Route(String method, String path, boolean prefix, HttpEndpoint endpoint) {}

    private final List<Route> routes = new ArrayList<>();

    public Router exact(String method, String path, HttpEndpoint endpoint) {
        routes.add(new Route(method, path, false, endpoint));
        return this;
    }

    public Router prefix(String method, String path, HttpEndpoint endpoint) {
        routes.add(new Route(method, path, true, endpoint));
        return this;
    }

    public CompletionStage<HttpResult> route(HttpRequestView request) {
        boolean pathKnown = false;
        for (Route r : routes) {
            boolean match =
                    r.prefix
                            ? request.path().startsWith(r.path)
                                    && request.path().length() > r.path.length()
                            : request.path().equals(r.path);
            if (!match) {
                continue;
            }
            pathKnown = true;
            if (r.method.equals(request.method())) {
                String tail = r.prefix ? request.path().substring(r.path.length()) : "";
                return r.endpoint.handle(request, tail);
            }
        }
        return CompletableFuture.completedFuture(
                pathKnown
                        ? new HttpResult(
                                405,
                                HttpResult.JSON,
                                dev.redcast.server.protocol.Replies.httpError(
                                        ErrorCode.BAD_REQUEST,
                                        request.method() + " is not allowed on " + request.path()))
                        : HttpResult.error(ErrorCode.NOT_FOUND, "no such path: " + request.path()));
    }
}
