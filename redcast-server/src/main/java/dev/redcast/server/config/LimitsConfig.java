package dev.redcast.server.config;

/**
 * Thread-safe (immutable). What one connection may do.
 *
 * @param maxSubscriptions most subscriptions per connection
 * @param commandRate commands per second per connection (also the burst)
 * @param maxBadCommands bad commands in a row before the connection is closed
 * @param clientPublish whether clients may publish where no namespace decides
 * @param claimedIdentityWrites whether clients may change a user's remembered channels even when
 *     identities are only claimed (the shared token lets any holder name any user)
 */
public record LimitsConfig(
        int maxSubscriptions,
        int commandRate,
        int maxBadCommands,
        boolean clientPublish,
        boolean claimedIdentityWrites) {
    public LimitsConfig {
        Setting.MAX_SUBSCRIPTIONS.check(maxSubscriptions);
        Setting.COMMAND_RATE.check(commandRate);
        Setting.MAX_BAD_COMMANDS.check(maxBadCommands);
    }
}
