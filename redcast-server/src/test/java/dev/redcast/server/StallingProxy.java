package dev.redcast.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Thread-safe. A TCP proxy on loopback that can make its existing connections go silent without
 * closing them, the way a half-open connection or a stuck middlebox behaves. Connections made after
 * {@link #stallExisting()} forward normally.
 */
final class StallingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    private static final class Pair {
        final Socket client;
        final Socket upstream;
        volatile boolean stalled;

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    StallingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String uri() {
        return "redis://127.0.0.1:" + port();
    }

    /** From now on, existing connections swallow everything in both directions. */
    void stallExisting() {
        pairs.forEach(p -> p.stalled = true);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Pair pair = new Pair(client, upstream);
                pairs.add(pair);
                pump(pair, client, upstream);
                pump(pair, upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Pair pair, Socket from, Socket to) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[16384];
                            try (InputStream in = from.getInputStream()) {
                                OutputStream out = to.getOutputStream();
                                int n;
                                while ((n = in.read(buf)) >= 0) {
                                    if (!pair.stalled) {
                                        out.write(buf, 0, n);
                                        out.flush();
                                    }
                                }
                            } catch (IOException e) {
                                // The other side closed; so do we.
                            }
                            closeQuietly(pair);
                        },
                        "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Pair p) {
        try {
            p.client.close();
            p.upstream.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pairs.forEach(StallingProxy::closeQuietly);
    }
}
