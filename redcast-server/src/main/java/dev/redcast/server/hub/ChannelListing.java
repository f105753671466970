package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.registry.ChannelInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (stateless). The channel list shown by the {@code channels} command and {@code GET
 * /channels}: every registered channel plus the server's default channels, each with its
 * description and its cluster-wide subscriber count (connections, from presence data).
 */
public final class ChannelListing {
    private ChannelListing() {}

    /** {@code [{"name","description","subscribers"}]} sorted: defaults first, then by name. */
    public static CompletableFuture<ArrayNode> list(Hub hub) {
        return hub.registry()
                .list()
                .thenCompose(
                        registered -> {
                            Map<String, String> described = new LinkedHashMap<>();
                            for (String d : hub.config().defaultChannels()) {
                                described.put(d, "");
                            }
                            for (ChannelInfo info : registered) {
                                described.put(info.name(), info.description());
                            }
                            List<String> names = new ArrayList<>(described.keySet());
                            return hub.presence()
                                    .subscriberCounts(names)
                                    .thenApply(
                                            counts -> {
                                                ArrayNode out =
                                                        JsonNodeFactory.instance.arrayNode();
                                                described.forEach(
                                                        (name, description) -> {
                                                            ObjectNode ch = out.addObject();
                                                            ch.put("name", name);
                                                            ch.put("description", description);
                                                            ch.put(
                                                                    "subscribers",
                                                                    counts.getOrDefault(name, 0L));
                                                        });
                                                return out;
                                            });
                        });
    }
}
