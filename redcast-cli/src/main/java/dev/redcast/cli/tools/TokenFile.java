package dev.redcast.cli.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Thread-safe (immutable). A token kept in a file that something else renews (a login command, a
 * sidecar, a cron job): read afresh on every call, so the client connects, and refreshes a JWT
 * before it expires, with whatever the file holds at that moment. Surrounding whitespace (the
 * trailing newline of {@code echo}) is not part of the token.
 */
public final class TokenFile implements Supplier<CompletionStage<String>> {
    private final Path path;

    public TokenFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The token in the file now; fails when the file cannot be read or holds none. */
    @Override
    public CompletionStage<String> get() {
        String token;
        try {
            token = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return CompletableFuture.failedFuture(
                    new UncheckedIOException("no token file " + path, e));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(
                    new UncheckedIOException(
                            "cannot read the token file " + path + ": " + e.getMessage(), e));
        }
        if (token.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the token file " + path + " is empty"));
        }
        return CompletableFuture.completedFuture(token);
    }
}
