package dev.redcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe. Hands out TCP ports on 127.0.0.1 that were free at the time of the call.
 *
 * <p>A port is only known to be free until someone else binds it, so callers that start a process
 * on it must retry on "address in use". Ports handed out before are skipped for the life of the
 * JVM, because two tests asking at the same moment would otherwise both get the port the kernel
 * just released.
 */
public final class FreePorts {

    private static final int MAX_ATTEMPTS = 50;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /**
     * Returns a port on 127.0.0.1 that nobody was listening on and that this JVM never gave out.
     */
    public static int next() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no fresh free port on 127.0.0.1 after " + MAX_ATTEMPTS + " attempts");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket()) {
            // Without SO_REUSEADDR the port could stay in TIME_WAIT and refuse the real bind.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an ephemeral port on 127.0.0.1", e);
        }
    }
}
