package dev.redcast.cli.chat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Thread-safe (every call runs a tmux client process). A program in a tmux session of a fixed size,
 * on a tmux server of its own (its own socket), driven like a person would: keys in, the screen
 * read back with {@code capture-pane}. The pane stays after the program exits, so its exit status
 * can be read.
 */
final class Tmux implements AutoCloseable {
    private static final AtomicInteger SESSIONS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern EXIT = Pattern.compile("\\[exit (\\d+)\\]");

    private final String socket =
            "redcast-it-" + ProcessHandle.current().pid() + "-" + SESSIONS.incrementAndGet();

    /** Starts {@code command} (run by sh) in a {@code cols}x{@code rows} session. */
    static Tmux start(int cols, int rows, List<String> command) {
        Tmux t = new Tmux();
        StringBuilder shell = new StringBuilder();
        for (String arg : command) {
            shell.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        t.run(
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "main",
                "-x",
                Integer.toString(cols),
                "-y",
                Integer.toString(rows),
                // The shell prints the exit status on the screen, where the test reads it.
                shell.toString().strip() + "; echo \"[exit $?]\"",
                ";",
                "set-option",
                "-t",
                "main",
                "remain-on-exit",
                "on");
        return t;
    }

    /** Types {@code text} literally. */
    void type(String text) {
        run("send-keys", "-t", "main", "-l", text);
    }

    /** Presses named keys, e.g. Enter, C-c, NPage. */
    void press(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "main"));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** Types a line and presses Enter. */
    void line(String text) {
        type(text);
        press("Enter");
    }

    /** The visible screen, one line per row, trailing blanks kept. */
    String screen() {
        return run("capture-pane", "-p", "-N", "-t", "main");
    }

    List<String> rows() {
        return List.of(screen().split("\n", -1));
    }

    void resize(int cols, int rows) {
        run(
                "resize-window",
                "-t",
                "main",
                "-x",
                Integer.toString(cols),
                "-y",
                Integer.toString(rows));
    }

    /** The program's exit status once it ended (the shell prints it), else null. */
    Integer exitStatus() {
        Matcher m = EXIT.matcher(screen());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** Waits until the screen matches; the failure shows the screen as it was. */
    String awaitScreen(String what, Predicate<String> condition) {
        String[] last = {""};
        try {
            await(what)
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                last[0] = screen();
                                return condition.test(last[0]);
                            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("screen never showed " + what + "; it shows:\n" + last[0], e);
        }
        return last[0];
    }

    String awaitText(String text) {
        return awaitScreen("'" + text + "'", s -> s.contains(text));
    }

    /** Waits for the program to end and returns its exit status. */
    int awaitExit() {
        Integer[] status = {null};
        try {
            await("exit")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> (status[0] = exitStatus()) != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the program did not exit; the screen shows:\n" + screen(), e);
        }
        return status[0];
    }

    @Override
    public void close() {
        run("kill-server");
    }

    private String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tmux " + String.join(" ", args) + " hung");
            }
            if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
                throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run tmux (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
