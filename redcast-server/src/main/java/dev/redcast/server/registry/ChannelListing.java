package dev.redcast.server.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.presence.PresenceStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe (immutable). The channel list shown by the {@code channels} command and {@code GET
 * /channels}: every registered channel plus the server's default channels, each with its
 * description and its cluster-wide subscriber count (connections, from presence data).
 */
public final class ChannelListing {
    private final ChannelRegistry registry;
    private final PresenceStore presence;
    private final List<String> defaultChannels;

    public ChannelListing(
            ChannelRegistry registry, PresenceStore presence, List<String> defaultChannels) {
        this.registry = registry;
        this.presence = presence;
        this.defaultChannels = List.copyOf(defaultChannels);
    }

    /** {@code [{"name","description","subscribers"}]} sorted: defaults first, then by name. */
    public CompletableFuture<ArrayNode> list() {
        return registry.list()
                .thenCompose(
                        registered -> {
                            Map<String, String> described = new LinkedHashMap<>();
                            for (String d : defaultChannels) {
                                described.put(d, "");
                            }
                            for (ChannelInfo info : registered) {
                                described.put(info.name(), info.description());
                            }
                            List<String> names = new ArrayList<>(described.keySet());
                            return presence.subscriberCounts(names)
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
