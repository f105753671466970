package dev.redcast.server.registry;

import java.util.Objects;

/**
 * Thread-safe (immutable). One registered channel.
 *
 * @param name a name that passed {@link RegistryNames#nameProblem}
 * @param description free text, at most {@link RegistryNames#MAX_DESCRIPTION} characters
 */
public record ChannelInfo(String name, String description) {
    public ChannelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        String problem = RegistryNames.nameProblem(name);
        if (problem == null) {
            problem = RegistryNames.descriptionProblem(description);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
