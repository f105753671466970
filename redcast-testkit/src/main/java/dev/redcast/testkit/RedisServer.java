package dev.redcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (every public method holds this object's monitor). A real {@code redis-server}
 * process for tests, on a port of 127.0.0.1 and in a temp directory of its own.
 *
 * <p>Lifecycle: {@link #start()} returns once the server answers {@code PING}; {@link #stop()},
 * {@link #kill()} and {@link #restart()} may be called any number of times in any order, {@link
 * #pause()} and {@link #resume()} freeze and thaw the running process; {@link #close()} stops the
 * process and deletes the temp directory, and nothing else on disk is ever touched. A JVM shutdown
 * hook kills every server still running so CI never leaks processes.
 *
 * <p>The binary is {@code $REDIS_SERVER_BIN} if set, else {@code /usr/bin/redis-server}.
 */
public final class RedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);

    /** Where every server listens. */
    public static final String HOST = "127.0.0.1";

    /** How long start-up may take before it fails: 10 s. */
    public static final long READY_TIMEOUT_MILLIS = 10_000;

    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_ON_FAILURE = 30;
    private static final Set<RedisServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(RedisServer::killAllOnExit, "redis-server-reaper"));
    }

    /**
     * How to run the server. Build from {@link #defaults()} with the {@code with*} methods.
     *
     * @param persistence {@code true}: append-only file with {@code appendfsync always}, so data
     *     survives {@link #kill()} and {@link #restart()}; {@code false}: nothing is ever written
     * @param extraArgs appended after the kit's own arguments, so they can override them, e.g.
     *     {@code --notify-keyspace-events KEA}
     * @param port a fixed port, or 0 for a free one
     * @param tls the files of a TLS port served next to the plain one, or null for none
     */
    public record Options(boolean persistence, List<String> extraArgs, int port, Tls tls) {
        public Options {
            extraArgs = List.copyOf(extraArgs);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(
                        "port " + port + " is out of range: use 1..65535, or 0 for a free port");
            }
        }

        /** No persistence, no extra arguments, a free port, no TLS. */
        public static Options defaults() {
            return new Options(false, List.of(), 0, null);
        }

        public Options withPersistence(boolean on) {
            return new Options(on, extraArgs, port, tls);
        }

        public Options withExtraArgs(String... args) {
            return new Options(persistence, Arrays.asList(args), port, tls);
        }

        public Options withPort(int fixedPort) {
            return new Options(persistence, extraArgs, fixedPort, tls);
        }

        /** Also serves TLS on a free port ({@link #tlsUri()}) with these PEM files. */
        public Options withTls(Path certificate, Path key, Path caCertificate) {
            return new Options(
                    persistence, extraArgs, port, new Tls(certificate, key, caCertificate));
        }
    }

    /**
     * A TLS port's files. Clients are not asked for certificates ({@code --tls-auth-clients no}).
     * The plain port stays, on 127.0.0.1 only, for the kit's own readiness checks and commands.
     *
     * @param certificate PEM certificate the server presents
     * @param key its PEM private key
     * @param caCertificate PEM CA certificate Redis requires to be configured
     */
    public record Tls(Path certificate, Path key, Path caCertificate) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(caCertificate, "caCertificate");
        }
    }

    /** An error reply from Redis; the message is Redis's own, e.g. {@code ERR unknown command}. */
    public static final class RedisError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RedisError(String message) {
            super(message);
        }
    }

    private final Options options;
    private final Path dir;
    private final Path logFile;
    private final String binary;
    private int port;
    private int tlsPort;
    // Whether the process was frozen by pause(); stop() thaws it first so it can shut down.
    private boolean paused;
    // Null until the first start; after a stop it still refers to the exited process.
    private volatile Process process;
    // Cached command connection; null when closed, reopened on demand.
    private RespConnection connection;
    private boolean closed;

    private RedisServer(Options options, Path dir, String binary) {
        this.options = options;
        this.dir = dir;
        this.logFile = dir.resolve("redis.log");
        this.binary = binary;
        this.port = options.port();
    }

    /** Starts a server without persistence on a free port and waits until it answers PING. */
    public static RedisServer start() {
        return start(Options.defaults());
    }

    /** Starts a server as {@code options} say and waits until it answers PING. */
    public static RedisServer start(Options options) {
        String binary = binary();
        Path dir;
        try {
            dir = Files.createTempDirectory("redcast-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for redis-server", e);
        }
        RedisServer server = new RedisServer(options, dir, binary);
        LIVE.add(server);
        try {
            synchronized (server) {
                server.launchWithRetry();
            }
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    public synchronized int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public synchronized String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /**
     * {@code rediss://127.0.0.1:TLSPORT}.
     *
     * @throws IllegalStateException when the server was started without {@link Options#withTls}
     */
    public synchronized String tlsUri() {
        if (options.tls() == null) {
            throw new IllegalStateException(this + " has no TLS port: start it withTls(...)");
        }
        return "rediss://" + HOST + ":" + tlsPort;
    }

    /** The temp directory holding the log and any data files. */
    public Path dir() {
        return dir;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Stops gracefully ({@code SHUTDOWN NOSAVE}, or {@code SHUTDOWN SAVE} with persistence) and
     * waits up to 10 s for the process to exit before killing it. No-op when not running.
     */
    public synchronized void stop() {
        resume();
        dropConnection();
        if (!isRunning()) {
            return;
        }
        try (RespConnection c = new RespConnection(HOST, port)) {
            Object reply =
                    c.call(bytes("SHUTDOWN"), bytes(options.persistence() ? "SAVE" : "NOSAVE"));
            log.warn("redis-server on port {} refused SHUTDOWN ({}); killing it", port, reply);
            process.destroyForcibly();
        } catch (IOException expected) {
            // A successful SHUTDOWN closes the connection without a reply.
        }
        awaitExit();
    }

    /** Kills the process with SIGKILL and waits for it to exit. No-op when not running. */
    public synchronized void kill() {
        dropConnection();
        if (!isRunning()) {
            return;
        }
        process.destroyForcibly();
        awaitExit();
    }

    /**
     * Freezes the process with {@code SIGSTOP}, the way a Redis stalled by a long fork, a swapping
     * host or a VM pause behaves: connections stay open and commands sent meanwhile wait in its
     * socket buffers, to run when it is {@link #resume() resumed}. Calling {@link #command} while
     * paused blocks, so do not. No-op when not running.
     */
    public synchronized void pause() {
        if (isRunning()) {
            signal("STOP");
            paused = true;
        }
    }

    /** Lets a {@link #pause() paused} process run again with {@code SIGCONT}. No-op otherwise. */
    public synchronized void resume() {
        if (paused && isRunning()) {
            signal("CONT");
        }
        paused = false;
    }

    /**
     * Stops the server if it runs, then starts it again on the same port and directory and waits
     * until it answers PING. Data survives only with persistence.
     */
    public synchronized void restart() {
        ensureNotClosed();
        stop();
        launch();
    }

    /**
     * Runs one command on a cached connection and returns the reply: String for simple and bulk
     * strings ({@code null} for nil), Long for integers, List for arrays (errors nested in an array
     * are {@link RedisError} elements).
     *
     * @throws RedisError when Redis answers with an error
     * @throws UncheckedIOException when the server cannot be reached or drops the connection
     */
    public Object command(String... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = bytes(args[i]);
        }
        return call(raw);
    }

    /** {@code PUBLISH channel payload}: returns how many subscribers received it. */
    public long publish(String channel, String payload) {
        return publish(channel, bytes(payload));
    }

    /** {@code PUBLISH} with the payload bytes exactly as given (may be invalid UTF-8). */
    public long publish(String channel, byte[] payload) {
        return (Long) call(bytes("PUBLISH"), bytes(channel), payload);
    }

    /** {@code PUBSUB NUMSUB}: subscriber count per channel, in the order asked. */
    public Map<String, Long> numsub(String... channels) {
        String[] args = new String[channels.length + 2];
        args[0] = "PUBSUB";
        args[1] = "NUMSUB";
        System.arraycopy(channels, 0, args, 2, channels.length);
        List<?> flat = (List<?>) command(args);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            counts.put((String) flat.get(i), (Long) flat.get(i + 1));
        }
        return counts;
    }

    /** {@code PUBSUB NUMPAT}: how many pattern subscriptions exist. */
    public long numpat() {
        return (Long) command("PUBSUB", "NUMPAT");
    }

    /** The last {@code lines} lines of the server's log (all runs of it), or "" if none yet. */
    public String logTail(int lines) {
        if (!Files.exists(logFile)) {
            return "";
        }
        try {
            // Decode leniently: a log with odd bytes must still be shown on failure.
            String text = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
            List<String> all = text.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Stops the server if it runs and deletes its temp directory. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            LIVE.remove(this);
            deleteDir(dir);
        }
    }

    @Override
    public String toString() {
        return "RedisServer["
                + HOST
                + ":"
                + port
                + ", dir="
                + dir
                + ", running="
                + isRunning()
                + "]";
    }

    private synchronized Object call(byte[]... args) {
        ensureNotClosed();
        Object reply;
        try {
            if (connection == null) {
                connection = new RespConnection(HOST, port);
            }
            reply = connection.call(args);
        } catch (IOException e) {
            dropConnection();
            throw new UncheckedIOException(
                    "redis command "
                            + (args.length == 0 ? "" : new String(args[0], StandardCharsets.UTF_8))
                            + " failed on port "
                            + port
                            + " (running="
                            + isRunning()
                            + "): "
                            + e.getMessage(),
                    e);
        }
        if (reply instanceof RedisError error) {
            throw new RedisError(error.getMessage());
        }
        return reply;
    }

    private void signal(String name) {
        ProcessBuilder kill =
                new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                        .redirectErrorStream(true);
        try {
            Process p = kill.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(
                        "kill -" + name + " " + process.pid() + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    private void launchWithRetry() {
        for (int attempt = 1; ; attempt++) {
            if (options.port() == 0) {
                port = FreePorts.next();
            }
            if (options.tls() != null) {
                tlsPort = FreePorts.next();
            }
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                // Someone may bind a "free" port between our probe and redis's bind.
                boolean raced =
                        (options.port() == 0 || options.tls() != null)
                                && logTail(5).contains("already in use");
                if (!raced || attempt == START_ATTEMPTS) {
                    throw e;
                }
                log.debug("port {} was taken before redis-server bound it; trying another", port);
            }
        }
    }

    private void launch() {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(List.of(binary, "--port", Integer.toString(port), "--bind", HOST));
        cmd.addAll(List.of("--dir", dir.toString(), "--daemonize", "no", "--save", ""));
        Tls tls = options.tls();
        if (tls != null) {
            cmd.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
            cmd.addAll(List.of("--tls-cert-file", tls.certificate().toString()));
            cmd.addAll(List.of("--tls-key-file", tls.key().toString()));
            cmd.addAll(List.of("--tls-ca-cert-file", tls.caCertificate().toString()));
            cmd.addAll(List.of("--tls-auth-clients", "no"));
        }
        if (options.persistence()) {
            cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            cmd.addAll(List.of("--appendonly", "no"));
        }
        cmd.addAll(options.extraArgs());
        ProcessBuilder builder =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }
        awaitReady();
        log.debug("redis-server pid {} ready on {}:{} in {}", process.pid(), HOST, port, dir);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        String lastProblem = "no attempt yet";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "redis-server exited with code "
                                + process.exitValue()
                                + " while starting on port "
                                + port
                                + "; log tail:\n"
                                + logTail(LOG_TAIL_ON_FAILURE));
            }
            try (RespConnection c = new RespConnection(HOST, port)) {
                Object reply = c.call(bytes("PING"));
                if ("PONG".equals(reply)) {
                    return;
                }
                // LOADING while it replays the append-only file.
                lastProblem = "PING answered " + reply;
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "redis-server on port "
                                + port
                                + " did not answer PING within "
                                + READY_TIMEOUT_MILLIS
                                + " ms (last: "
                                + lastProblem
                                + "); log tail:\n"
                                + logTail(LOG_TAIL_ON_FAILURE));
            }
            pollDelay();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("redis-server on port {} ignored shutdown; killing it", port);
                process.destroyForcibly();
                if (!process.waitFor(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(
                            "redis-server pid " + process.pid() + " survived SIGKILL");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void ensureNotClosed() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private static void pollDelay() {
        try {
            // A readiness poll between connection attempts, not a guess at how long anything takes.
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static String binary() {
        String fromEnv = System.getenv("REDIS_SERVER_BIN");
        String binary = fromEnv == null || fromEnv.isBlank() ? "/usr/bin/redis-server" : fromEnv;
        if (!Files.isExecutable(Paths.get(binary))) {
            throw new IllegalStateException(
                    "redis-server binary "
                            + binary
                            + " is missing or not executable; install redis-server or set"
                            + " REDIS_SERVER_BIN");
        }
        return binary;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteDir(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        // Files.walk does not follow symlinks, so only what lies inside our own dir goes.
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot delete redis temp dir {}: {}", root, e.toString());
        }
    }

    private static void killAllOnExit() {
        for (RedisServer server : LIVE) {
            Process p = server.process;
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            deleteDir(server.dir);
        }
    }
}
