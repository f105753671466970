package dev.redcast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.bench.spec.Scenario;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void fanout_putsEveryoneOnOneChannel() {
        Topology t = new Topology(Scenario.FANOUT, 1000, 1, 0, "bench");

        assertThat(t.channelCount()).isEqualTo(1);
        assertThat(t.channelName(0)).isEqualTo("bench");
        assertThat(t.channelOfConnection(999)).isZero();
        assertThat(t.deliveriesOwed(5)).isEqualTo(1000);
        assertThat(t.deliveriesOwedFirst(7)).isEqualTo(7000);
    }

    @Test
    void channels_spreadsConnectionsAndMessagesRoundRobin() {
        Topology t = new Topology(Scenario.CHANNELS, 10, 4, 0, "b");

        assertThat(t.channelName(3)).isEqualTo("b:3");
        assertThat(t.channelOfConnection(9)).isEqualTo(1);
        // 10 over 4 channels: 3, 3, 2, 2 subscribers.
        assertThat(
                        new int[] {
                            t.subscribersOf(0),
                            t.subscribersOf(1),
                            t.subscribersOf(2),
                            t.subscribersOf(3)
                        })
                .containsExactly(3, 3, 2, 2);
        assertThat(t.channelOfMessage(6)).isEqualTo(2);
        // Messages 0..5 go to channels 0,1,2,3,0,1: 3+3+2+2+3+3.
        assertThat(t.deliveriesOwedFirst(6)).isEqualTo(16);
    }

    @Test
    void deliveriesOwedFirst_matchesSumOfPerMessageDeliveries() {
        Topology t = new Topology(Scenario.CHANNELS, 37, 5, 0, "b");
        long sum = 0;
        for (long seq = 0; seq < 123; seq++) {
            sum += t.deliveriesOwed(seq);
        }
        assertThat(t.deliveriesOwedFirst(123)).isEqualTo(sum);
    }

    @Test
    void chat_roomMembersTakeTurnsPublishingIntoTheirOwnRoom() {
        Topology t = new Topology(Scenario.CHAT, 12, 0, 4, "b");

        assertThat(t.channelCount()).isEqualTo(3);
        assertThat(t.channelName(2)).isEqualTo("b:room:2");
        assertThat(t.channelOfConnection(5)).isEqualTo(1);
        Set<Integer> publishers = new HashSet<>();
        for (long seq = 0; seq < 12; seq++) {
            int publisher = t.publisherOf(seq);
            assertThat(t.channelOfConnection(publisher))
                    .as("publisher of %d is in the room it publishes to", seq)
                    .isEqualTo(t.channelOfMessage(seq));
            publishers.add(publisher);
        }
        assertThat(publishers).hasSize(12);
        assertThat(t.deliveriesOwed(0)).isEqualTo(4);
    }

    @Test
    void idle_hasNoChannels() {
        Topology t = new Topology(Scenario.IDLE, 3, 1, 0, "b");

        assertThat(t.channelCount()).isZero();
        assertThat(t.channelOfConnection(0)).isEqualTo(-1);
        assertThat(t.deliveriesOwedFirst(10)).isZero();
    }

    @Test
    void chat_rejectsRoomSizeThatDoesNotDivideConnections() {
        assertThatThrownBy(() -> new Topology(Scenario.CHAT, 10, 0, 3, "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("room size must divide connections (10), got 3");
    }
}
