package dev.redcast.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Confined to the test thread. A node running {@link NodeMain} in a JVM of its own: for tests that
 * kill a node, or that need a JVM whose Netty has not been set up by other tests.
 */
final class ChildNode implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildNode(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code NodeMain} with {@code args} and waits until it listens. */
    static ChildNode start(String... args) throws Exception {
        return start(List.of(), args);
    }

    /** Starts {@code NodeMain} in a JVM with {@code jvmOptions}, with {@code args}. */
    static ChildNode start(List<String> jvmOptions, String... args) throws Exception {
        return launch(jvmOptions, List.of(args), Map.of());
    }

    /**
     * Starts a node configured like {@code redcast serve} by {@code environment} ({@code WS_PORT},
     * {@code REDIS_URL}, {@code JWT_SECRET}, ...; see the README's settings table).
     */
    static ChildNode configured(Map<String, String> environment) throws Exception {
        return launch(List.of(), List.of(), environment);
    }

    private static ChildNode launch(
            List<String> jvmOptions, List<String> args, Map<String, String> environment)
            throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(jvmOptions);
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(NodeMain.class.getName());
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                String line;
                                while ((line = out.readLine()) != null) {
                                    if (line.startsWith("REDCAST_PORT=")) {
                                        port.complete(Integer.parseInt(line.substring(13)));
                                    }
                                }
                                port.completeExceptionally(
                                        new IllegalStateException("child node exited"));
                            } catch (Exception e) {
                                port.completeExceptionally(e);
                            }
                        },
                        "child-node-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildNode(process, port.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Kills the process; an interrupt while waiting for it is kept for the caller to see. */
    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
