package dev.redcast.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTableTest {

    @Test
    void headerAndRowLineUp() {
        String header = ReportTable.header();
        String row = ReportTable.row(ReportFixtures.rowWithoutServer(100, 100_000, 2));

        assertThat(row).hasSameSizeAs(header);
        assertThat(header)
                .contains("p99.9 ms", "deliv/s", "lost", "bench%", "srv%", "load", "srvB/dl");
        assertThat(row).endsWith("    10      -   0.5       -");
    }
}
