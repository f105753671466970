package dev.redcast.server.api;

import static dev.redcast.server.api.ApiCalls.body;
import static dev.redcast.server.api.ApiCalls.channel;
import static dev.redcast.server.api.ApiCalls.queryNumber;
import static dev.redcast.server.api.ApiCalls.unwrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.protocol.IdempotencyKeys;
import dev.redcast.server.api.ApiCalls.BadRequest;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.broker.IdempotencyKey;
import dev.redcast.server.broker.PublishResult;
import dev.redcast.server.protocol.CommandDecoder;
import dev.redcast.server.protocol.HistoryJson;
import dev.redcast.server.protocol.JsonBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Thread-safe (immutable). The HTTP API for backends, behind {@code Authorization: Bearer
 * <api-key>}: {@code POST /api/publish}, {@code POST /api/broadcast} and {@code GET
 * /api/history/{channel}}. Every refusal is a JSON error with its status, never a stack trace.
 *
 * <p>A publish may carry an idempotency key, as the body's {@code idempotency_key} or the {@code
 * Idempotency-Key} header (the same key in both, if both are given): a retry with the same key
 * within the server's window is answered like the first publish (with {@code "replayed":true}) and
 * not delivered again, so a backend may retry a publish answered {@code outcome_unknown}.
 */
public final class BackendApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Most channels one broadcast may name. */
    public static final int MAX_BROADCAST_CHANNELS = 1000;

    /** Messages {@code GET /api/history} returns when no {@code limit} is given. */
    public static final int DEFAULT_HISTORY_LIMIT = 50;

    /** The request header that may carry a publish's idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final Broker broker;

    private BackendApi(Broker broker) {
        this.broker = broker;
    }

    public static void register(Router router, Broker broker, ApiKey apiKey) {
        BackendApi api = new BackendApi(broker);
        router.exact("POST", "/api/publish", ApiCalls.guarded(apiKey, api::publish));
        router.exact("POST", "/api/broadcast", ApiCalls.guarded(apiKey, api::broadcast));
        router.prefix("GET", "/api/history/", ApiCalls.guarded(apiKey, api::history));
    }

    private CompletionStage<HttpResult> publish(HttpRequestView req, String tail) {
        JsonNode body = body(req);
        String channel = channel(body.get("channel"), "channel");
        byte[] payload = payload(body);
        IdempotencyKey key = idempotencyKey(req, body);
        return broker.publish(channel, payload, null, key)
                .thenApply(r -> HttpResult.json(200, result(channel, r)));
    }

    /**
     * The publish's key from the body or the header, or null; both must agree when both are set.
     */
    private static IdempotencyKey idempotencyKey(HttpRequestView req, JsonNode body) {
        String fromBody = ApiCalls.optionalText(body, "idempotency_key");
        String fromHeader = req.header(IDEMPOTENCY_HEADER);
        if (fromBody != null && fromHeader != null && !fromBody.equals(fromHeader)) {
            throw new BadRequest(
                    "field 'idempotency_key' and header "
                            + IDEMPOTENCY_HEADER
                            + " differ; send the key once");
        }
        String key = fromBody != null ? fromBody : fromHeader;
        if (key == null) {
            return null;
        }
        String problem = IdempotencyKeys.problem(key);
        if (problem != null) {
            throw new BadRequest(problem);
        }
        return IdempotencyKey.ofBackend(key);
    }

    private CompletionStage<HttpResult> broadcast(HttpRequestView req, String tail) {
        JsonNode body = body(req);
        JsonNode channels = body.get("channels");
        if (channels == null || !channels.isArray() || channels.isEmpty()) {
            throw new BadRequest("field 'channels' must be a non-empty array of channel names");
        }
        if (channels.size() > MAX_BROADCAST_CHANNELS) {
            throw new BadRequest(
                    "at most "
                            + MAX_BROADCAST_CHANNELS
                            + " channels per broadcast, got "
                            + channels.size());
        }
        List<String> names = new ArrayList<>();
        for (JsonNode c : channels) {
            names.add(channel(c, "channels[" + names.size() + "]"));
        }
        byte[] payload = payload(body);
        List<CompletableFuture<ObjectNode>> each = new ArrayList<>();
        for (String channel : names) {
            each.add(
                    broker.publish(channel, payload, null)
                            .handle(
                                    (r, err) -> {
                                        if (err == null) {
                                            return result(channel, r);
                                        }
                                        Throwable cause = unwrap(err);
                                        ObjectNode failed = NODES.objectNode();
                                        failed.put("channel", channel);
                                        failed.put(
                                                "error",
                                                cause instanceof BrokerUnavailableException e
                                                        ? e.code().wire()
                                                        : ErrorCode.INTERNAL.wire());
                                        failed.put("message", cause.getMessage());
                                        return failed;
                                    }));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(
                        v -> {
                            ObjectNode out = NODES.objectNode();
                            ArrayNode results = out.putArray("results");
                            each.forEach(f -> results.add(f.join()));
                            return HttpResult.json(200, out);
                        });
    }

    private CompletionStage<HttpResult> history(HttpRequestView req, String channel) {
        String problem = ChannelNames.publicProblem(channel);
        if (problem != null) {
            throw new BadRequest(problem);
        }
        int limit = (int) queryNumber(req, "limit", DEFAULT_HISTORY_LIMIT);
        if (limit > CommandDecoder.MAX_HISTORY_LIMIT) {
            throw new BadRequest(
                    "'limit' is at most " + CommandDecoder.MAX_HISTORY_LIMIT + ", got " + limit);
        }
        long before = queryNumber(req, "before", -1);
        return broker.readLast(channel, limit, before < 0 ? null : before)
                .thenApply(
                        page -> {
                            ObjectNode out = NODES.objectNode();
                            out.put("channel", channel);
                            HistoryJson.putMessages(out, page.messages());
                            HistoryJson.putPosition(out, page.position());
                            return HttpResult.json(200, out);
                        });
    }

    private static ObjectNode result(String channel, PublishResult r) {
        ObjectNode out = NODES.objectNode();
        out.put("channel", channel);
        if (r.hasOffset()) {
            out.put("offset", r.offset());
            out.put("epoch", r.epoch());
        }
        if (r.replayed()) {
            out.put("replayed", true);
        }
        return out;
    }

    private static byte[] payload(JsonNode body) {
        JsonNode p = body.get("payload");
        if (p == null || p.isNull()) {
            throw new BadRequest("missing field 'payload'");
        }
        if (!p.isTextual()) {
            throw new BadRequest(
                    "field 'payload' must be a string (encode JSON payloads as a string)");
        }
        return JsonBytes.textBytes(p.textValue());
    }
}
