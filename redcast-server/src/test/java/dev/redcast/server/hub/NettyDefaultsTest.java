package dev.redcast.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {
    @Test
    void pooling_isOnForCollectorsWithoutCardRefinement() {
        assertThat(NettyDefaults.poolsPay(List.of("PS Scavenge", "PS MarkSweep"))).isTrue();
        assertThat(NettyDefaults.poolsPay(List.of("Copy", "MarkSweepCompact"))).isTrue();
        assertThat(NettyDefaults.poolsPay(List.of("ZGC Cycles", "ZGC Pauses"))).isTrue();
    }

    @Test
    void pooling_isOffUnderG1_andWhenTheCollectorIsUnknown() {
        assertThat(NettyDefaults.poolsPay(List.of("G1 Young Generation", "G1 Old Generation")))
                .isFalse();
        assertThat(NettyDefaults.poolsPay(List.of())).isFalse();
    }
}
