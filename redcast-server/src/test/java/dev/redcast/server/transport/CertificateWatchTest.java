package dev.redcast.server.transport;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the test thread (the watch polls on its own). When the watch asks for a reload: once
 * per settled change of either file, through symlink swaps, never while nothing changes.
 */
class CertificateWatchTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    @TempDir Path dir;
    private Path cert;
    private Path key;
    private final AtomicInteger reloads = new AtomicInteger();
    private CertificateWatch watch;

    @BeforeEach
    void setUp() throws Exception {
        cert = Files.writeString(dir.resolve("cert.pem"), "cert 1");
        key = Files.writeString(dir.resolve("key.pem"), "key 1");
    }

    @AfterEach
    void tearDown() {
        watch.close();
    }

    private void startWatching(Path certFile, Path keyFile) {
        watch = new CertificateWatch(certFile, keyFile, INTERVAL, reloads::incrementAndGet);
        watch.start();
    }

    @Test
    void unchangedFiles_areNeverReloaded() {
        startWatching(cert, key);

        await().during(INTERVAL.multipliedBy(6))
                .atMost(Duration.ofSeconds(2))
                .until(() -> reloads.get() == 0);
    }

    @Test
    void changeOfOneFile_isReloadedOnce() throws Exception {
        startWatching(cert, key);

        Files.writeString(key, "key 2, a little longer");

        await().atMost(Duration.ofSeconds(5)).until(() -> reloads.get() == 1);
        await().during(INTERVAL.multipliedBy(6))
                .atMost(Duration.ofSeconds(2))
                .until(() -> reloads.get() == 1);
    }

    @Test
    void symlinkSwapAsInKubernetes_isAChange() throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("v1"));
        Files.writeString(v1.resolve("tls.crt"), "cert 1");
        Files.writeString(v1.resolve("tls.key"), "key 1");
        Path data = Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path linkedCert =
                Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Path linkedKey =
                Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data/tls.key"));
        startWatching(linkedCert, linkedKey);

        Path v2 = Files.createDirectory(dir.resolve("v2"));
        Files.writeString(v2.resolve("tls.crt"), "cert 2, renewed");
        Files.writeString(v2.resolve("tls.key"), "key 2, renewed");
        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(next, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(Duration.ofSeconds(5)).until(() -> reloads.get() == 1);
    }
}
