package dev.redcast.server.broker.redis;

import dev.redcast.server.config.ConfigException;
import dev.redcast.server.config.RedisConfig;
import dev.redcast.server.config.Setting;
import io.lettuce.core.SslOptions;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Thread-safe (stateless). Whom a node trusts as its {@code rediss://} Redis: the JVM's trust store
 * (Lettuce's default), or the CA certificates of the {@code redis-ca} PEM file. The file is checked
 * once at start-up, so that an unusable one stops the node with a message naming it instead of
 * failing every connect; Lettuce reads it again at each connect, so a rotated CA bundle is picked
 * up by the next reconnect.
 */
final class RedisTls {
    private RedisTls() {}

    /**
     * The TLS options for {@code config}, or null for Lettuce's defaults.
     *
     * @throws ConfigException naming {@code redis-ca} and the file when it cannot be used
     */
    static SslOptions options(RedisConfig config) {
        if (config.caFile() == null) {
            return null;
        }
        Path file = Path.of(config.caFile());
        if (!Files.isReadable(file)) {
            throw unusable(file, "cannot read it");
        }
        try {
            // Parses the way Lettuce will at connect time (Netty's PEM reader), refusing early.
            SslContextBuilder.forClient().trustManager(file.toFile());
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw unusable(file, "no PEM certificates in it (" + cause.getMessage() + ")");
        }
        return SslOptions.builder().jdkSslProvider().trustManager(file.toFile()).build();
    }

    private static ConfigException unusable(Path file, String why) {
        return new ConfigException(
                "cannot use " + Setting.REDIS_CA.displayName() + " " + file + ": " + why);
    }
}
