package dev.redcast.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * Confined to the test thread. One HTTP/1.1 connection over a plain {@link Socket} (or a TLS one),
 * for tests that need to do what an ordinary client never does: send a request a byte at a time,
 * hold a connection without a request, or watch for the moment the server closes it.
 */
final class RawHttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An answer: status line, headers as received (lower-case names) and body. */
    record Response(int status, String headers, String body) {
        boolean keepAlive() {
            return headers.contains("connection: keep-alive");
        }
    }

    private RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code node} on 127.0.0.1 from {@code source} (null: any address). */
    static RawHttpConnection open(RedcastServer node, InetAddress source) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (source != null) {
                s.bind(new InetSocketAddress(source, 0));
            }
            s.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            return new RawHttpConnection(s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    static RawHttpConnection open(RedcastServer node) {
        return open(node, null);
    }

    /**
     * Connects to a TLS {@code node} and completes the handshake, trusting what {@code ssl} does.
     */
    static RawHttpConnection openTls(RedcastServer node, SSLContext ssl) {
        RawHttpConnection plain = open(node);
        try {
            SSLSocket s =
                    (SSLSocket)
                            ssl.getSocketFactory()
                                    .createSocket(plain.socket, "127.0.0.1", node.port(), true);
            s.setSoTimeout(5_000);
            s.startHandshake();
            return new RawHttpConnection(s);
        } catch (IOException e) {
            plain.close();
            throw new UncheckedIOException("TLS handshake with port " + node.port(), e);
        }
    }

    /** The certificate the server presented on this TLS connection. */
    X509Certificate peerCertificate() {
        try {
            return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes and flushes {@code bytes}; an IOException means the server has closed. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A kept-alive {@code GET path} and its answer, read within 5 s. */
    Response get(String path) {
        try {
            write(
                    ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            String head = readHead();
            int status = Integer.parseInt(head.substring(9, 12));
            String headers = head.toLowerCase(Locale.ROOT);
            byte[] body = in.readNBytes(contentLength(headers));
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        }
    }

    /**
     * Whether the server closes the connection within {@code bound}: true at end of stream or a
     * reset, false when the bound passes with the connection still open. Bytes from the server are
     * a failure: nothing was asked.
     */
    boolean closedWithin(Duration bound) {
        try {
            socket.setSoTimeout((int) Math.max(1, bound.toMillis()));
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("unexpected byte from the server: " + b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }
}
