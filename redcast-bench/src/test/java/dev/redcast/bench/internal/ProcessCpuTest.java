package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.bench.spec.BenchException;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void fromStat_addsUserAndSystemTicks() {
        String stat =
                "4242 (java (my app)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0"
                        + " 1000 100000 2000";

        assertThat(ProcessCpu.fromStat(stat)).isEqualTo(300 * 10_000_000L);
    }

    @Test
    void ofPid_readsThisProcess() {
        assertThat(ProcessCpu.ofPid(ProcessHandle.current().pid())).isPositive();
        assertThat(ProcessCpu.selfNanos()).isPositive();
    }

    @Test
    void ofPid_explainsAMissingProcess() {
        assertThatThrownBy(() -> ProcessCpu.ofPid(Integer.MAX_VALUE))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("--server-pid");
    }
}
