package dev.redcast.server.registry;

/**
 * Thread-safe (stateless). What a registered channel may be called and described as. Registry names
 * are stricter than channel names in general: they appear in URLs and in chat user interfaces.
 */
public final class RegistryNames {
    /** Longest registered name: 64 characters. */
    public static final int MAX_NAME = 64;

    /** Longest description: 500 characters. */
    public static final int MAX_DESCRIPTION = 500;

    private RegistryNames() {}

    /** Null when {@code name} may be registered, else a message saying why not. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a channel name must not be empty";
        }
        if (name.length() > MAX_NAME) {
            return "a channel name is at most " + MAX_NAME + " characters, got " + name.length();
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || "_:.-".indexOf(c) >= 0;
            if (!ok) {
                return "a channel name may contain only letters A-Z a-z, digits and _ : . -;"
                        + " found '"
                        + (c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c)
                        + "' at position "
                        + i;
            }
        }
        return null;
    }

    /** Null when {@code description} is acceptable, else why not. */
    public static String descriptionProblem(String description) {
        if (description.length() > MAX_DESCRIPTION) {
            return "a description is at most "
                    + MAX_DESCRIPTION
                    + " characters, got "
                    + description.length();
        }
        return null;
    }
}
