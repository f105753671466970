package dev.redcast.server.config;

/**
 * Thread-safe (immutable). A setting that cannot be used; the message names it, its value and what
 * is allowed.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    static ConfigException invalid(Setting<?> setting, String value, String allowed) {
        return new ConfigException(
                "invalid setting " + setting.displayName() + " = '" + value + "': " + allowed);
    }
}
