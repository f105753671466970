package dev.redcast.server.api;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.presence.PresenceReads;
import dev.redcast.server.presence.PresenceStore;
import dev.redcast.server.protocol.Replies;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (stateless). Who is online: {@code GET /users}, {@code GET /user/{user}/channels}
 * (where the server remembers channels, those remembered for the user count as theirs too, online
 * or not, as the Go chat's {@code user:NAME:channels} set did) and, for backends with the API key,
 * {@code GET /api/presence/{channel}}.
 */
public final class PresenceEndpoints {
    private PresenceEndpoints() {}

    /**
     * @param remembered whether users' remembered channels are listed with their subscriptions
     */
    public static void register(
            Router router,
            PresenceStore presence,
            PresenceReads reads,
            ApiKey apiKey,
            boolean remembered) {
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
                    String user = tail.substring(0, slash);
                    CompletableFuture<List<String>> saved =
                            remembered
                                    ? presence.remembered(user)
                                    : CompletableFuture.completedFuture(List.of());
                    return presence.channelsOf(user)
                            .thenCombine(
                                    saved,
                                    (channels, kept) -> {
                                        TreeSet<String> all = new TreeSet<>(channels);
                                        all.addAll(kept);
                                        return HttpResult.json(200, all);
                                    })
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
