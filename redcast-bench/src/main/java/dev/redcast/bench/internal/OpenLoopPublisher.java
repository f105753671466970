package dev.redcast.bench.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Confined to the thread that calls {@link #run}. Sends a phase's messages on schedule, each
 * stamped with the time it was due, without ever waiting for deliveries.
 *
 * <p>When the sink blocks (too many unacknowledged publishes) the schedule keeps running: the
 * messages that fell due meanwhile go out in a burst, still stamped with their due times, so the
 * wait shows up as latency instead of quietly lowering the rate (coordinated omission).
 */
public final class OpenLoopPublisher {

    /** Flush at least this often in a catch-up burst so the sink's buffer stays small. */
    private static final int MAX_BATCH = 1024;

    private final Topology topology;
    private final MessageSink sink;
    private final int payloadSize;
    private final String[] channelNames;

    public OpenLoopPublisher(Topology topology, MessageSink sink, int payloadSize) {
        this.topology = topology;
        this.sink = sink;
        this.payloadSize = payloadSize;
        this.channelNames = new String[topology.channelCount()];
        for (int i = 0; i < channelNames.length; i++) {
            channelNames[i] = topology.channelName(i);
        }
    }

    /**
     * What one phase's publishing did.
     *
     * @param published messages scheduled and handed to the sink (or failed to be)
     * @param unsent messages the sink could not send at all
     * @param maxLagNanos the worst delay between a due time and the send, over the messages of the
     *     measured window only: the warm-up's first sends wait for class loading and the JIT, which
     *     says nothing about the rows reported
     */
    public record Result(long published, long unsent, long maxLagNanos) {}

    /**
     * Publishes {@code schedule.count()} messages, message {@code seq} due at {@code startNanos +
     * schedule.offsetNanos(seq)} ({@link BenchClock} time).
     */
    public Result run(Phase phase, OpenLoopSchedule schedule, long startNanos)
            throws InterruptedException {
        long count = schedule.count();
        long sent = 0;
        long unsent = 0;
        long maxLag = 0;
        while (sent < count) {
            long now = BenchClock.now();
            long due = schedule.dueAt(now - startNanos);
            if (due <= sent) {
                LockSupport.parkNanos(startNanos + schedule.offsetNanos(sent) - now);
                if (Thread.interrupted()) {
                    throw new InterruptedException("publisher interrupted at message " + sent);
                }
                continue;
            }
            long batchEnd = Math.min(due, sent + MAX_BATCH);
            for (; sent < batchEnd; sent++) {
                long intended = startNanos + schedule.offsetNanos(sent);
                if (phase.measured(intended)) {
                    maxLag = Math.max(maxLag, now - intended);
                }
                String payload = PayloadStamp.build(phase.id(), sent, intended, payloadSize);
                String channel = channelNames[topology.channelOfMessage(sent)];
                if (!sink.publish(sent, channel, payload)) {
                    unsent++;
                }
            }
            sink.flush();
        }
        return new Result(sent, unsent, maxLag);
    }
}
