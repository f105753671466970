package dev.redcast.bench.internal;

import dev.redcast.bench.spec.BenchException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Thread-safe (stateless). CPU time used by this process or another one, and the machine's load, so
 * that each row says how busy the shared machine was.
 */
public final class ProcessCpu {

    /**
     * Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}); 100 on every
     * Linux distribution this runs on.
     */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /** CPU time of this JVM in nanoseconds, or -1 when the JVM cannot tell. */
    public static long selfNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time of process {@code pid} (user and system) in nanoseconds. */
    public static long ofPid(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            return fromStat(Files.readString(stat));
        } catch (NoSuchFileException e) {
            throw new BenchException("no process " + pid + " (--server-pid): " + stat, e);
        } catch (IOException e) {
            throw new BenchException("cannot read " + stat + ": " + e, e);
        }
    }

    /**
     * User plus system time from a {@code /proc/<pid>/stat} line, in nanoseconds. The command name
     * in parentheses may hold spaces, so fields are counted from the last {@code )}.
     */
    static long fromStat(String stat) {
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 2).trim().split("\\s+");
        // After ")": state is field 3 of the man page, utime 14 and stime 15.
        if (close < 0 || fields.length < 13) {
            throw new BenchException("unreadable /proc stat line: " + stat);
        }
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** The one-minute load average, or -1 where there is none. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
