package dev.redcast.client;

import java.util.List;
import java.util.Objects;

/** Thread-safe (immutable). Who is in a channel, as the {@code presence} reply lists them. */
public record Presence(String channel, List<String> users) {
    public Presence {
        Objects.requireNonNull(channel, "channel");
        users = users == null ? List.of() : List.copyOf(users);
    }
}
