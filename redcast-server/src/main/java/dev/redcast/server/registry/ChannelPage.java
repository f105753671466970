package dev.redcast.server.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Thread-safe (immutable). One page of the channel listing.
 *
 * @param channels the page's channels in listing order
 * @param next the cursor that asks for the following page, or null when this page is the last
 */
public record ChannelPage(List<Entry> channels, String next) {
    /** One listed channel: its registered description and its cluster-wide subscriber count. */
    public record Entry(String name, String description, long subscribers) {}

    public ChannelPage {
        channels = List.copyOf(channels);
    }

    /** {@code [{"name","description","subscribers"}]}, the shape of the wire protocol. */
    public ArrayNode json() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Entry e : channels) {
            ObjectNode ch = out.addObject();
            ch.put("name", e.name());
            ch.put("description", e.description());
            ch.put("subscribers", e.subscribers());
        }
        return out;
    }
}
