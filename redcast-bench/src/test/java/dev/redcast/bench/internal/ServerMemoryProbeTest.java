package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.bench.spec.BenchException;
import org.junit.jupiter.api.Test;

class ServerMemoryProbeTest {

    @Test
    void heapFromMetrics_sumsHeapPoolsOnly() {
        String page =
                """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 0.0
                jvm_memory_committed_bytes{area="heap",id="G1 Old Gen"} 5.0E8
                """;

        assertThat(ServerMemoryProbe.heapFromMetrics(page)).isEqualTo(15_000_000L);
    }

    @Test
    void heapFromMetrics_saysWhatIsMissing() {
        assertThatThrownBy(() -> ServerMemoryProbe.heapFromMetrics("up 1\n"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("jvm_memory_used_bytes{area=\"heap\"}");
    }

    @Test
    void heapFromHeapInfo_readsG1() {
        String g1 =
                """
                12345:
                 garbage-first heap   total 262144K, used 10240K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 21000K, committed 21504K, reserved 1114112K
                  class space    used 2300K, committed 2496K, reserved 1048576K
                """;

        assertThat(ServerMemoryProbe.heapFromHeapInfo(g1)).isEqualTo(10240L * 1024);
    }

    @Test
    void heapFromHeapInfo_sumsGenerationsOfOtherCollectors() {
        String serial =
                """
                 def new generation   total 4928K, used 1024K [0x0, 0x0, 0x0)
                  eden space 4416K,  23% used [0x0, 0x0, 0x0)
                 tenured generation   total 10944K, used 2048K [0x0, 0x0, 0x0)
                 Metaspace       used 700K, committed 900K, reserved 1056768K
                """;
        String zgc = " ZHeap           used 12M, capacity 16M, max capacity 256M\n";

        assertThat(ServerMemoryProbe.heapFromHeapInfo(serial)).isEqualTo(3072L * 1024);
        assertThat(ServerMemoryProbe.heapFromHeapInfo(zgc)).isEqualTo(12L << 20);
    }

    @Test
    void heapFromHeapInfo_rejectsOutputWithoutHeap() {
        assertThatThrownBy(() -> ServerMemoryProbe.heapFromHeapInfo("Connection refused\n"))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("no heap usage");
    }

    @Test
    void rssFromStatus_readsVmRssInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nThreads:\t30\n";

        assertThat(ServerMemoryProbe.rssFromStatus(status)).isEqualTo(123456L * 1024);
    }

    @Test
    void rss_ofThisProcessIsPositive() {
        assertThat(ServerMemoryProbe.rss(ProcessHandle.current().pid())).isPositive();
    }

    @Test
    void rss_ofMissingProcessSaysSo() {
        assertThatThrownBy(() -> ServerMemoryProbe.rss(Integer.MAX_VALUE))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("no process " + Integer.MAX_VALUE);
    }

    @Test
    void loopAllocation_readsTheCounter_orNullWithoutIt() {
        String page =
                "# TYPE redcast_io_allocated_bytes_total counter\n"
                        + "redcast_io_allocated_bytes_total 1.2345678E7\n"
                        + "redcast_connections 3.0\n";

        assertThat(ServerMemoryProbe.loopAllocation(page)).isEqualTo(12_345_678L);
        assertThat(ServerMemoryProbe.loopAllocation("redcast_connections 3.0\n")).isNull();
    }
}
