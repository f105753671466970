package dev.redcast.cli.tools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import dev.redcast.client.RedcastException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/** Thread-safe (stateless). What the command-line tools share: waiting, errors, logging. */
public final class CliSupport {
    private CliSupport() {}

    /** A failure the tool reports as one line and exit code 1, never as a stack trace. */
    public static final class ToolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ToolException(String message) {
            super(message);
        }
    }

    /**
     * Waits for {@code f}, turning every failure into a {@link ToolException} with a clear text.
     */
    public static <T> T await(CompletableFuture<T> f, long seconds, String what) {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ToolException(what + ": " + describe(e.getCause()));
        } catch (TimeoutException e) {
            throw new ToolException(what + ": no answer within " + seconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException(what + ": interrupted");
        }
    }

    /** One line for a failure, without a stack trace. */
    public static String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RedcastException e) {
            return e.getMessage() + " [" + e.code() + "]";
        }
        if (t instanceof ConnectException) {
            return "connection refused (" + t.getMessage() + ")";
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /**
     * Keeps stdout for the tool's own output: console logging goes to stderr and only warnings of
     * the tool's libraries are shown (the tools print their own status lines).
     */
    public static void logToStderr() {
        for (ConsoleAppender<?> console : consoleAppenders()) {
            console.stop();
            console.setTarget("System.err");
            console.start();
        }
        loggerContext().ifPresent(ctx -> ctx.getLogger("dev.redcast.client").setLevel(Level.ERROR));
    }

    /**
     * Silences console logging (a full-screen program owns the terminal).
     *
     * @return the detached appenders, so tests can check nothing is left
     */
    public static List<Appender<?>> detachConsoleLogging() {
        List<Appender<?>> removed = new ArrayList<>();
        loggerContext()
                .ifPresent(
                        ctx -> {
                            for (Logger logger : ctx.getLoggerList()) {
                                Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it =
                                        logger.iteratorForAppenders();
                                while (it.hasNext()) {
                                    Appender<?> a = it.next();
                                    if (a instanceof ConsoleAppender<?>) {
                                        logger.detachAppender(a.getName());
                                        removed.add(a);
                                    }
                                }
                            }
                        });
        return removed;
    }

    /** Sends the log of the redcast packages, at DEBUG, to {@code file} (appending). */
    public static void logToFile(java.nio.file.Path file) {
        loggerContext()
                .ifPresent(
                        ctx -> {
                            ch.qos.logback.classic.encoder.PatternLayoutEncoder encoder =
                                    new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
                            encoder.setContext(ctx);
                            encoder.setPattern(
                                    "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
                            encoder.start();
                            ch.qos.logback.core.FileAppender<
                                            ch.qos.logback.classic.spi.ILoggingEvent>
                                    appender = new ch.qos.logback.core.FileAppender<>();
                            appender.setContext(ctx);
                            appender.setName("redcast-file");
                            appender.setFile(file.toString());
                            appender.setAppend(true);
                            appender.setEncoder(encoder);
                            appender.start();
                            Logger redcast = ctx.getLogger("dev.redcast");
                            redcast.setLevel(Level.DEBUG);
                            redcast.addAppender(appender);
                        });
    }

    private static List<ConsoleAppender<?>> consoleAppenders() {
        List<ConsoleAppender<?>> result = new ArrayList<>();
        loggerContext()
                .ifPresent(
                        ctx -> {
                            for (Logger logger : ctx.getLoggerList()) {
                                logger.iteratorForAppenders()
                                        .forEachRemaining(
                                                a -> {
                                                    if (a instanceof ConsoleAppender<?> c) {
                                                        result.add(c);
                                                    }
                                                });
                            }
                        });
        return result;
    }

    private static java.util.Optional<LoggerContext> loggerContext() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx
                ? java.util.Optional.of(ctx)
                : java.util.Optional.empty();
    }
}
