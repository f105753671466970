package dev.redcast.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.protocol.ChannelNames;
import dev.redcast.server.protocol.ChannelMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. Internal traffic goes to its own listener or nowhere. */
class MessageRouterTest {
    private static final String PRESENCE = ChannelNames.RESERVED_PREFIX + "presence";

    private final List<ChannelMessage> hub = new ArrayList<>();
    private final List<ChannelMessage> presence = new ArrayList<>();
    private final MessageRouter router = new MessageRouter();

    private static ChannelMessage on(String channel) {
        return new ChannelMessage(
                channel,
                null,
                "x".getBytes(StandardCharsets.UTF_8),
                0,
                ChannelMessage.NO_OFFSET,
                null,
                null);
    }

    @Test
    void applicationChannel_goesToTheMainListener() {
        router.main(hub::add);
        router.control(PRESENCE, presence::add);
        router.onMessage(on("chat:1"));
        router.onMessage(on("chat:1").viaPattern("*"));
        assertThat(hub).extracting(ChannelMessage::pattern).containsExactly(null, "*");
        assertThat(presence).isEmpty();
    }

    @Test
    void controlChannel_goesToItsListener_directlyAndThroughAPattern() {
        router.main(hub::add);
        router.control(PRESENCE, presence::add);
        router.onMessage(on(PRESENCE));
        router.onMessage(on(PRESENCE).viaPattern("*"));
        assertThat(presence).hasSize(2);
        assertThat(hub).isEmpty();
    }

    @Test
    void reservedChannelWithoutAListener_goesNowhere() {
        router.main(hub::add);
        router.onMessage(on(ChannelNames.RESERVED_PREFIX + "probe:n-other").viaPattern("*"));
        router.onMessage(on(PRESENCE));
        assertThat(hub).isEmpty();
    }
}
