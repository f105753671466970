package dev.redcast.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.protocol.ChannelNames;
import dev.redcast.protocol.ErrorCode;
import dev.redcast.server.broker.BrokerUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless). What the endpoints behind the API key share: the key check, reading a
 * JSON body and its fields, and turning a refusal or a failure into its JSON error, never a stack
 * trace.
 */
final class ApiCalls {
    private static final Logger log = LoggerFactory.getLogger(ApiCalls.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiCalls() {}

    /** A refusal of what the caller sent; becomes a 400 with its message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code endpoint} behind {@code apiKey}: without the key a 401; a {@link BadRequest} thrown or
     * failing the stage a 400; an unavailable broker a 503; anything else a 500, logged.
     */
    static HttpEndpoint guarded(ApiKey apiKey, HttpEndpoint endpoint) {
        return (req, tail) -> {
            HttpResult refused = apiKey.refuse(req);
            if (refused != null) {
                return CompletableFuture.completedFuture(refused);
            }
            try {
                return endpoint.handle(req, tail).exceptionally(err -> failure(req, unwrap(err)));
            } catch (BadRequest e) {
                return CompletableFuture.completedFuture(
                        HttpResult.error(ErrorCode.BAD_REQUEST, e.getMessage()));
            }
        };
    }

    /** The request's body, which must be a JSON object. */
    static JsonNode body(HttpRequestView req) {
        JsonNode body;
        try {
            body = MAPPER.readTree(req.body());
        } catch (IOException e) {
            throw new BadRequest("the body must be a JSON object: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        return body;
    }

    /** A channel name applications may use, from {@code node} (the field {@code field}). */
    static String channel(JsonNode node, String field) {
        String name = text(node, field);
        if (name == null) {
            throw new BadRequest("missing field '" + field + "'");
        }
        String problem = ChannelNames.publicProblem(name);
        if (problem != null) {
            throw new BadRequest("field '" + field + "': " + problem);
        }
        return name;
    }

    /** A string field's value, or null when it is missing or null; a 400 when not a string. */
    static String optionalText(JsonNode body, String field) {
        return text(body.get(field), field);
    }

    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new BadRequest("field '" + field + "' must be a string");
        }
        return node.textValue();
    }

    /** The first value of query parameter {@code name}, or null. */
    static String queryParam(HttpRequestView req, String name) {
        List<String> values = req.query().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Query parameter {@code name} as a whole number >= 0, or {@code absent} without it. */
    static long queryNumber(HttpRequestView req, String name, long absent) {
        Map<String, List<String>> q = req.query();
        List<String> values = q.get(name);
        if (values == null || values.isEmpty()) {
            return absent;
        }
        try {
            long v = Long.parseLong(values.get(0));
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new BadRequest(
                "query parameter '" + name + "' must be a whole number >= 0, got " + values.get(0));
    }

    static Throwable unwrap(Throwable err) {
        return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    }

    private static HttpResult failure(HttpRequestView req, Throwable err) {
        if (err instanceof BadRequest) {
            return HttpResult.error(ErrorCode.BAD_REQUEST, err.getMessage());
        }
        if (err instanceof BrokerUnavailableException e) {
            return Failures.answer(e);
        }
        log.error("{} {} failed", req.method(), req.path(), err);
        return HttpResult.error(ErrorCode.INTERNAL, "internal error");
    }
}
