package dev.redcast.server.api;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.protocol.Replies;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (stateless). Who is online: {@code GET /users}, {@code GET /user/{user}/channels}
 * and, for backends with the API key, {@code GET /api/presence/{channel}}.
 */
public final class PresenceEndpoints {
    private PresenceEndpoints() {}

    public static void register(
            Router router, PresenceStore presence, PresenceReads reads, ApiKey apiKey) {
        router.exact(
                "GET",
                "/users",
                (req, tail) ->
                        presence.users()
                                .thenApply(users -> HttpResult.json(200, users))
                                .exceptionally(Failures.unavailable()));
        router.prefix(
                "GET",
                "/user/",
                (req, tail) -> {
                    int slash = tail.indexOf('/');
                    if (slash <= 0 || !tail.substring(slash).equals("/channels")) {
                        return CompletableFuture.completedFuture(
                                HttpResult.error(
                                        ErrorCode.NOT_FOUND,
                                        "no such path: "
                                                + req.path()
                                                + " (try /user/NAME/channels)"));
                    }
                    return presence.channelsOf(tail.substring(0, slash))
                            .thenApply(channels -> HttpResult.json(200, channels))
                            .exceptionally(Failures.unavailable());
                });
        router.prefix(
                "GET",
                "/api/presence/",
                (req, tail) -> {
                    HttpResult refused = apiKey.refuse(req);
                    if (refused != null) {
                        return CompletableFuture.completedFuture(refused);
                    }
                    String problem = ChannelNames.publicProblem(tail);
                    if (problem != null) {
                        return CompletableFuture.completedFuture(
                                HttpResult.error(ErrorCode.BAD_REQUEST, problem));
                    }
                    return reads.members(tail)
                            .thenApply(
                                    members ->
                                            HttpResult.json(
                                                    200,
                                                    Replies.presence(null, tail, members)
                                                            .without("type")))
                            .exceptionally(Failures.unavailable());
                });
    }
}
