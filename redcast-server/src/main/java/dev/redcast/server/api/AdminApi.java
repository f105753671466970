package dev.redcast.server.api;

import static dev.redcast.server.api.ApiCalls.body;
import static dev.redcast.server.api.ApiCalls.channel;
import static dev.redcast.server.api.ApiCalls.optionalText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.api.ApiCalls.BadRequest;
import dev.redcast.server.cluster.Admin;
import dev.redcast.server.cluster.AdminCommand;
import dev.redcast.server.cluster.LiveNodes;
import dev.redcast.server.cluster.NodeRecord;
import dev.redcast.server.cluster.NodeStats;
import dev.redcast.server.registry.ChannelListing;
import dev.redcast.server.registry.ChannelPage;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Thread-safe (immutable). The HTTP API for administrators, behind {@code Authorization: Bearer
 * <api-key>}: {@code POST /api/disconnect}, {@code POST /api/subscribe} and {@code POST
 * /api/unsubscribe} act on every node; {@code GET /api/info} and {@code GET /api/channels} read the
 * live nodes' records.
 *
 * <p>An action is answered once the node that took the request has applied it to its own
 * connections and published it to the other nodes: {@code
 * {"node":"n-7d2a","connections":2,"sent_to":"every node"}} counts the answering node's connections
 * it changed; the others apply it as it reaches them and report nothing back.
 */
public final class AdminApi {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How old the node records behind a read may be: 1 s, so reads cost at most one a second. */
    static final long READ_MAX_AGE_MILLIS = 1000;

    private final Admin admin;
    private final LiveNodes nodes;
    private final String nodeId;

    private AdminApi(Admin admin, LiveNodes nodes, String nodeId) {
        this.admin = admin;
        this.nodes = nodes;
        this.nodeId = nodeId;
    }

    /**
     * @param nodeId the id of this node, named in the answers to actions
     */
    public static void register(
            Router router, Admin admin, LiveNodes nodes, String nodeId, ApiKey apiKey) {
        AdminApi api = new AdminApi(admin, nodes, nodeId);
        router.exact("POST", "/api/disconnect", ApiCalls.guarded(apiKey, api::disconnect));
        router.exact("POST", "/api/subscribe", ApiCalls.guarded(apiKey, api::subscribe));
        router.exact("POST", "/api/unsubscribe", ApiCalls.guarded(apiKey, api::unsubscribe));
        router.exact("GET", "/api/info", ApiCalls.guarded(apiKey, api::info));
        router.exact("GET", "/api/channels", ApiCalls.guarded(apiKey, api::channels));
    }

    /**
     * {@code {"user":"wael"}} or {@code {"client":"1f9e..."}}, and {@code "reconnect":true} for
     * 4011 (reconnect with backoff) instead of 4503 (do not reconnect).
     */
    private CompletionStage<HttpResult> disconnect(HttpRequestView req, String tail) {
        JsonNode body = body(req);
        JsonNode reconnect = body.path("reconnect");
        if (!reconnect.isMissingNode() && !reconnect.isNull() && !reconnect.isBoolean()) {
            throw new BadRequest("field 'reconnect' must be true or false");
        }
        int code =
                reconnect.asBoolean(false)
                        ? CloseCodes.FORCED_RECONNECT
                        : CloseCodes.DISCONNECTED_BY_ADMIN;
        return run(
                () ->
                        new AdminCommand.Disconnect(
                                optionalText(body, "user"), optionalText(body, "client"), code));
    }

    private CompletionStage<HttpResult> subscribe(HttpRequestView req, String tail) {
        JsonNode body = body(req);
        String channel = channel(body.get("channel"), "channel");
        return run(() -> new AdminCommand.Subscribe(optionalText(body, "user"), channel));
    }

    private CompletionStage<HttpResult> unsubscribe(HttpRequestView req, String tail) {
        JsonNode body = body(req);
        String channel = channel(body.get("channel"), "channel");
        return run(() -> new AdminCommand.Unsubscribe(optionalText(body, "user"), channel));
    }

    /** Runs the command {@code made} makes; a command that refuses its fields is a 400. */
    private CompletionStage<HttpResult> run(Supplier<AdminCommand> made) {
        AdminCommand command;
        try {
            command = made.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        return admin.run(command)
                .thenApply(
                        changed -> {
                            ObjectNode out = NODES.objectNode();
                            out.put("node", nodeId);
                            out.put("connections", changed);
                            out.put("sent_to", "every node");
                            return HttpResult.json(200, out);
                        });
    }

    /**
     * {@code {"nodes":[{"id","version","started_at","uptime_seconds","seen_at","connections",
     * "subscriptions","channels"}],"connections":N,"subscriptions":M}}: what each live node wrote
     * in its record, at most a heartbeat and a second ago.
     */
    private CompletionStage<HttpResult> info(HttpRequestView req, String tail) {
        return nodes.atMostOld(READ_MAX_AGE_MILLIS)
                .thenApply(
                        live -> {
                            long now = System.currentTimeMillis();
                            ObjectNode out = NODES.objectNode();
                            ArrayNode list = out.putArray("nodes");
                            long connections = 0;
                            long subscriptions = 0;
                            for (NodeRecord r : live.values()) {
                                NodeStats s = r.stats();
                                ObjectNode n = list.addObject();
                                n.put("id", r.id());
                                n.put("version", s.version());
                                n.put(
                                        "started_at",
                                        Instant.ofEpochMilli(s.startedMillis()).toString());
                                n.put(
                                        "uptime_seconds",
                                        Math.max(0, now - s.startedMillis()) / 1000);
                                n.put("seen_at", Instant.ofEpochMilli(r.seenMillis()).toString());
                                n.put("connections", s.connections());
                                n.put("subscriptions", s.subscriptions());
                                n.put("channels", s.channelCount());
                                connections += s.connections();
                                subscriptions += s.subscriptions();
                            }
                            out.put("connections", connections);
                            out.put("subscriptions", subscriptions);
                            return HttpResult.json(200, out);
                        });
    }

    /** A page of the live nodes' channels with their subscribers, summed over nodes. */
    private record ActivePage(ChannelPage page, boolean complete) {
        /**
         * {@code {"channels":[{"name","subscribers"}],"complete":true,"next":"C"}}; {@code
         * complete} is false when a node has more channels than its record lists.
         */
        JsonNode json() {
            ObjectNode out = NODES.objectNode();
            ArrayNode list = out.putArray("channels");
            for (ChannelPage.Entry e : page.channels()) {
                list.addObject().put("name", e.name()).put("subscribers", e.subscribers());
            }
            out.put("complete", complete);
            if (page.next() != null) {
                out.put("next", page.next());
            }
            return out;
        }
    }

    private CompletionStage<HttpResult> channels(HttpRequestView req, String tail) {
        return Pages.answer(
                req,
                "/api/channels",
                (cursor, limit) ->
                        nodes.atMostOld(READ_MAX_AGE_MILLIS)
                                .thenApply(live -> activePage(live, cursor, limit)),
                ActivePage::json,
                p -> p.page().next());
    }

    /**
     * @throws IllegalArgumentException when the cursor or the limit is not acceptable
     */
    private static ActivePage activePage(Map<String, NodeRecord> live, String cursor, Long limit) {
        boolean complete = live.values().stream().allMatch(r -> r.stats().complete());
        return new ActivePage(ChannelListing.pageOf(active(live), cursor, limit), complete);
    }

    /** Every channel some node lists, with its subscribers summed over the nodes. */
    private static Map<String, Long> active(Map<String, NodeRecord> live) {
        Map<String, Long> out = new TreeMap<>();
        for (NodeRecord r : live.values()) {
            r.stats().channels().forEach((name, n) -> out.merge(name, (long) n, Long::sum));
        }
        return out;
    }
}
