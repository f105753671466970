package dev.redcast.server.auth.jwt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Thread-safe; {@link #fetch} blocks, so it runs on the JWKS thread, never an event loop. Reads the
 * bytes of a JWKS document from a file or over HTTP(S), bounded in size ({@link
 * JwtKey.Jwks#MAX_DOCUMENT_BYTES}) and, over HTTP, in time: the timeout covers connecting, the
 * headers and the whole body, so a server that drips bytes cannot hold the thread.
 */
final class JwksFetcher {
    private final URI location;
    private final Duration timeout;
    private final int maxBytes;

    /** Null for a file. The JDK client cannot be closed on Java 17; it ends when unreachable. */
    private final HttpClient http;

    JwksFetcher(URI location, Duration timeout, int maxBytes) {
        this.location = location;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.http =
                "file".equals(location.getScheme())
                        ? null
                        : HttpClient.newBuilder()
                                .connectTimeout(timeout)
                                .followRedirects(HttpClient.Redirect.NORMAL)
                                .build();
    }

    /**
     * The document's bytes.
     *
     * @throws IOException saying what failed: unreadable, too large, not HTTP 200, too slow
     */
    byte[] fetch() throws IOException {
        return http == null ? readFile() : download();
    }

    private byte[] readFile() throws IOException {
        Path file = Path.of(location);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge(size);
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > maxBytes) {
                throw tooLarge(bytes.length);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IOException("no such file", e);
        } catch (FileSystemException e) {
            // Its message is the bare path; the reason is what an operator needs.
            throw new IOException(e.getReason() == null ? e.toString() : e.getReason(), e);
        }
    }

    private byte[] download() throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(location)
                        .timeout(timeout)
                        .header("Accept", "application/json")
                        .GET()
                        .build();
        CompletableFuture<HttpResponse<byte[]>> response =
                http.sendAsync(
                        request,
                        info ->
                                info.statusCode() == 200
                                        ? new BoundedBody(maxBytes)
                                        : HttpResponse.BodySubscribers.replacing(new byte[0]));
        HttpResponse<byte[]> r;
        try {
            r = response.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new IOException("no complete answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io
                    ? new IOException(io.getMessage() == null ? io.toString() : io.getMessage(), io)
                    : new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        return r.body();
    }

    private IOException tooLarge(long size) {
        return new IOException("document is " + size + " bytes or more > limit " + maxBytes);
    }

    /**
     * Confined to the HTTP client's delivery (the Flow contract serializes calls). Collects a body
     * and gives up, cancelling the transfer, as soon as it passes the limit.
     */
    private final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (bytes.size() + b.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(tooLarge(bytes.size() + b.remaining()));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
