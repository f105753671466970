package dev.redcast.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.protocol.Replies;
import dev.redcast.server.registry.ChannelInfo;
import dev.redcast.server.registry.ChannelListing;
import dev.redcast.server.registry.ChannelPage;
import dev.redcast.server.registry.ChannelRegistry;
import dev.redcast.server.registry.RegistryNames;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Thread-safe (stateless). The channel registry over HTTP: {@code GET /channels} for anyone, a page
 * at a time ({@code ?limit=N&cursor=C}); {@code POST /channels}, {@code PUT /channels/{name}} and
 * {@code DELETE /channels/{name}} with the API key. Bodies are JSON objects: {@code
 * {"name":"chat:lobby","description":"..."}} for POST, {@code {"description":"..."}} for PUT.
 */
public final class RegistryEndpoints {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RegistryEndpoints() {}

    /** Thrown while reading a request body; becomes a 400. */
    private static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    public static void register(
            Router router, ChannelRegistry registry, ChannelListing listing, ApiKey apiKey) {
        router.exact("GET", "/channels", (req, tail) -> page(listing, req));
        router.exact(
                "POST",
                "/channels",
                (req, tail) ->
                        guarded(
                                apiKey,
                                req,
                                () -> {
                                    JsonNode body = object(req.body());
                                    ChannelInfo info =
                                            info(
                                                    requiredText(body, "name"),
                                                    optionalText(body, "description"));
                                    return registry.create(info)
                                            .thenApply(outcome -> created(registry, info, outcome));
                                }));
        router.prefix(
                "PUT",
                "/channels/",
                (req, tail) ->
                        guarded(
                                apiKey,
                                req,
                                () -> {
                                    JsonNode body = object(req.body());
                                    ChannelInfo info =
                                            info(tail, requiredText(body, "description"));
                                    return registry.update(info)
                                            .thenApply(
                                                    found ->
                                                            found
                                                                    ? HttpResult.json(200, info)
                                                                    : unknown(info.name()));
                                }));
        router.prefix(
                "DELETE",
                "/channels/",
                (req, tail) ->
                        guarded(
                                apiKey,
                                req,
                                () -> {
                                    String problem = RegistryNames.nameProblem(tail);
                                    if (problem != null) {
                                        throw new BadInput(problem);
                                    }
                                    return registry.delete(tail)
                                            .thenApply(
                                                    found ->
                                                            found
                                                                    ? new HttpResult(
                                                                            204,
                                                                            HttpResult.JSON,
                                                                            new byte[0])
                                                                    : unknown(tail));
                                }));
    }

    /**
     * A page of the listing: the array of the protocol, and while more follow a {@code Link} to the
     * next page and the bare cursor in {@code X-Next-Cursor}.
     */
    private static CompletionStage<HttpResult> page(ChannelListing listing, HttpRequestView req) {
        return Pages.answer(req, "/channels", listing::page, ChannelPage::json, ChannelPage::next)
                .exceptionally(Failures.unavailable());
    }

    private interface Action {
        CompletionStage<HttpResult> run() throws BadInput;
    }

    private static CompletionStage<HttpResult> guarded(
            ApiKey apiKey, HttpRequestView req, Action action) {
        HttpResult refused = apiKey.refuse(req);
        if (refused != null) {
            return CompletableFuture.completedFuture(refused);
        }
        try {
            return action.run().exceptionally(Failures.unavailable());
        } catch (BadInput e) {
            return CompletableFuture.completedFuture(
                    HttpResult.error(ErrorCode.BAD_REQUEST, e.getMessage()));
        }
    }

    private static JsonNode object(byte[] body) throws BadInput {
        if (body.length == 0) {
            throw new BadInput("a JSON object body is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadInput("malformed JSON body");
        }
        if (node == null || !node.isObject()) {
            throw new BadInput("the body must be a JSON object");
        }
        return node;
    }

    private static String requiredText(JsonNode body, String field) throws BadInput {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new BadInput("missing field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw new BadInput("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode body, String field) throws BadInput {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        return requiredText(body, field);
    }

    private static ChannelInfo info(String name, String description) throws BadInput {
        String problem = RegistryNames.nameProblem(name);
        if (problem == null) {
            problem = RegistryNames.descriptionProblem(description);
        }
        if (problem != null) {
            throw new BadInput(problem);
        }
        return new ChannelInfo(name, description);
    }

    private static HttpResult conflict(String name) {
        return new HttpResult(
                409,
                HttpResult.JSON,
                Replies.bytes(
                        java.util.Map.of(
                                "error",
                                "conflict",
                                "message",
                                "channel '" + name + "' is already registered")));
    }

    private static HttpResult created(
            ChannelRegistry registry, ChannelInfo info, ChannelRegistry.Created outcome) {
        return switch (outcome) {
            case CREATED -> HttpResult.json(201, info);
            case TAKEN -> conflict(info.name());
            // 409 as for a taken name: the request is fine, the registry's state refuses it.
            case FULL ->
                    new HttpResult(
                            409,
                            HttpResult.JSON,
                            Replies.httpError(
                                    ErrorCode.LIMIT_EXCEEDED,
                                    "the channel registry is full: it holds at most "
                                            + registry.maxChannels()
                                            + " channels; delete one before registering"
                                            + " another"));
        };
    }

    private static HttpResult unknown(String name) {
        return HttpResult.error(ErrorCode.NOT_FOUND, "channel '" + name + "' is not registered");
    }
}
