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
 * closing them, the way a half-open connection or a stuck middlebox behaves (connections made after
 * {@link #stallExisting()} forward normally), or slow every connection's downstream to a bandwidth,
 * the way a thin link to a remote Redis does ({@link #limitDownstream}).
 */
final class StallingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    // Bytes per second each connection forwards from the target to the client; 0: no limit.
    private volatile long downstreamLimit;

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

    /**
     * From now on, each connection forwards at most {@code bytesPerSecond} from the target (Redis)
     * to the client; 0 lifts the limit. Each connection has the bandwidth of its own, as each TCP
     * connection over a thin link gets its share.
     */
    void limitDownstream(long bytesPerSecond) {
        downstreamLimit = bytesPerSecond;
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
                pump(pair, client, upstream, false);
                pump(pair, upstream, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Pair pair, Socket from, Socket to, boolean downstream) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[16384];
                            long sent = 0;
                            long since = System.nanoTime();
                            try (InputStream in = from.getInputStream()) {
                                OutputStream out = to.getOutputStream();
                                int n;
                                while ((n = in.read(buf, 0, chunk(downstream))) >= 0) {
                                    if (!pair.stalled) {
                                        out.write(buf, 0, n);
                                        out.flush();
                                    }
                                    long limit = downstream ? downstreamLimit : 0;
                                    if (limit <= 0) {
                                        sent = 0;
                                        since = System.nanoTime();
                                        continue;
                                    }
                                    sent += n;
                                    // Holds the bytes back until the link would have carried them.
                                    long due = since + sent * 1_000_000_000L / limit;
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                    }
                                }
                            } catch (IOException e) {
                                // The other side closed; so do we.
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            closeQuietly(pair);
                        },
                        "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Bytes to read at a time: small while limited, so the pace is even. */
    private int chunk(boolean downstream) {
        long limit = downstream ? downstreamLimit : 0;
        return limit <= 0 ? 16384 : (int) Math.max(1024, Math.min(16384, limit / 50));
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
