package dev.redcast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksOnAPool_runOneAtATimeInSubmissionOrder_evenWhenOneThrows() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> seen = new CopyOnWriteArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            for (int i = 0; i < 2000; i++) {
                int n = i;
                serial.execute(
                        () -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            seen.add(n);
                            running.decrementAndGet();
                            if (n == 10) {
                                throw new IllegalStateException("listener bug");
                            }
                        });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2000);
            assertThat(maxRunning).hasValue(1);
            for (int i = 0; i < 2000; i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
