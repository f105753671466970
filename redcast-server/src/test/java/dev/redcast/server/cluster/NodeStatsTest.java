package dev.redcast.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. A node record lists a bounded number of channels. */
class NodeStatsTest {
    @Test
    void beyondTheBound_theChannelsWithTheMostSubscribersAreKept() {
        Map<String, Integer> all = new HashMap<>();
        for (int i = 0; i < NodeStats.MAX_CHANNELS + 5; i++) {
            all.put(String.format("c%05d", i), i < 5 ? 1 : 2);
        }
        NodeStats s = NodeStats.of("1.0", 7, 3, 4, all);
        assertThat(s.channels()).hasSize(NodeStats.MAX_CHANNELS).doesNotContainKey("c00000");
        assertThat(s.channelCount()).isEqualTo(NodeStats.MAX_CHANNELS + 5);
        assertThat(s.complete()).isFalse();
    }

    @Test
    void withinTheBound_everyChannelIsKept() {
        NodeStats s = NodeStats.of("1.0", 7, 3, 4, Map.of("a", 1, "b", 2));
        assertThat(s.channels()).containsOnlyKeys("a", "b");
        assertThat(s.complete()).isTrue();
    }
}
