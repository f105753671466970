package dev.redcast.server.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe; its state is confined to its own daemon thread ({@code redcast-tls-watch}). Notices
 * that the certificate or the key file changed and asks for a reload once the change has settled.
 *
 * <p>It polls both files' modification time and size rather than using a {@code WatchService}:
 * polling follows the symlink swaps of Kubernetes secret volumes (the watched names never change,
 * their targets do), works on every file system, and costs two {@code stat} calls an interval. A
 * change is acted on once both stamps were the same on two polls in a row, so a renewal that writes
 * the two files one after the other is read whole. Whatever the reload makes of a change, the
 * change is not acted on again: a pair that fails is logged once, not at every poll.
 */
final class CertificateWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CertificateWatch.class);

    /** What a poll sees of one file; {@link #MISSING} while it does not exist (mid-swap). */
    private record Stamp(Instant modified, long size) {
        static final Stamp MISSING = new Stamp(Instant.MIN, -1);

        static Stamp of(Path file) {
            try {
                // Follows symlinks: a swapped target is a change even though the name is not.
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime().toInstant(), a.size());
            } catch (IOException e) {
                return MISSING;
            }
        }
    }

    private final List<Path> files;
    private final Duration interval;
    private final Runnable reload;
    private final ScheduledExecutorService timer;

    /** The stamps of the pair last acted on (loaded, or refused). */
    private List<Stamp> actedOn;

    /** The stamps seen by the previous poll. */
    private List<Stamp> previous;

    /**
     * Stamps the files now; nothing is polled before {@link #start}.
     *
     * @param reload reads the changed pair; called on the watch's thread
     */
    CertificateWatch(Path certFile, Path keyFile, Duration interval, Runnable reload) {
        this.files = List.of(certFile, keyFile);
        this.interval = interval;
        this.reload = reload;
        this.actedOn = stamps();
        this.previous = actedOn;
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "redcast-tls-watch");
                            t.setDaemon(true);
                            return t;
                        });
    }

    void start() {
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            List<Stamp> now = stamps();
            boolean settled = now.equals(previous);
            previous = now;
            if (settled && !now.equals(actedOn)) {
                actedOn = now;
                reload.run();
            }
        } catch (RuntimeException e) {
            // The next poll must still run.
            log.error("tls: checking {} for changes failed", files, e);
        }
    }

    private List<Stamp> stamps() {
        return files.stream().map(Stamp::of).toList();
    }

    /** Stops polling; safe to call twice. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
