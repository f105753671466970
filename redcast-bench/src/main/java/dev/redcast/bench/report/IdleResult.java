package dev.redcast.bench.report;

/**
 * Thread-safe (immutable). The server's memory before and after opening idle connections.
 *
 * @param connections idle connections held open while measuring
 * @param heapSource how heap was read: {@code jcmd} (after a full GC) or {@code metrics} (the
 *     server's {@code jvm_memory_used_bytes{area="heap"}}, no forced GC, so noisier)
 * @param heapBeforeBytes heap used before connecting
 * @param heapAfterBytes heap used with the connections open
 * @param heapPerConnectionBytes the difference divided by {@code connections}
 * @param rssBeforeBytes server resident set before connecting, or null without {@code --server-pid}
 * @param rssAfterBytes server resident set with the connections open, or null
 * @param rssPerConnectionBytes the difference divided by {@code connections}, or null
 * @param disconnects connections the server closed while they were held
 */
public record IdleResult(
        int connections,
        String heapSource,
        long heapBeforeBytes,
        long heapAfterBytes,
        double heapPerConnectionBytes,
        Long rssBeforeBytes,
        Long rssAfterBytes,
        Double rssPerConnectionBytes,
        long disconnects) {

    /** Builds the result, computing the per-connection figures. */
    public static IdleResult of(
            int connections,
            String heapSource,
            long heapBefore,
            long heapAfter,
            Long rssBefore,
            Long rssAfter,
            long disconnects) {
        Double rssPer =
                rssBefore == null || rssAfter == null
                        ? null
                        : (rssAfter - rssBefore) / (double) connections;
        return new IdleResult(
                connections,
                heapSource,
                heapBefore,
                heapAfter,
                (heapAfter - heapBefore) / (double) connections,
                rssBefore,
                rssAfter,
                rssPer,
                disconnects);
    }
}
