package dev.redcast.server.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confined to the one timer thread that runs it. Logs one line per interval with connections,
 * subscriptions and message rates, so an operator sees a node's activity without a dashboard.
 */
public final class SummaryLogger implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("redcast.summary");

    private final ServerMetrics metrics;
    private long lastNanos = System.nanoTime();
    private double lastIn;
    private double lastOut;

    public SummaryLogger(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
            double in = metrics.messagesInTotal();
            double out = metrics.deliveriesTotal();
            log.info(
                    "connections={} subscriptions={} in={}/s out={}/s",
                    metrics.connections(),
                    metrics.subscriptions(),
                    Math.round((in - lastIn) / seconds),
                    Math.round((out - lastOut) / seconds));
            lastNanos = now;
            lastIn = in;
            lastOut = out;
        } catch (RuntimeException e) {
            log.warn("summary failed", e);
        }
    }
}
