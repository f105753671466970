package dev.redcast.server.registry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redcast.server.registry.ChannelInfo;
import dev.redcast.server.registry.ChannelRegistry.Created;
import org.junit.jupiter.api.Test;

class MemoryChannelRegistryTest {
    @Test
    void aFullRegistry_refusesNewNames_untilOneIsDeleted() {
        MemoryChannelRegistry registry = new MemoryChannelRegistry(3);
        for (String n : new String[] {"a", "b", "c"}) {
            assertThat(registry.create(new ChannelInfo(n, "")).join()).isEqualTo(Created.CREATED);
        }
        assertThat(registry.create(new ChannelInfo("d", "")).join()).isEqualTo(Created.FULL);
        assertThat(registry.create(new ChannelInfo("a", "")).join()).isEqualTo(Created.TAKEN);
        assertThat(registry.knownSize()).isEqualTo(3);

        assertThat(registry.delete("b").join()).isTrue();
        assertThat(registry.delete("b").join()).isFalse();
        assertThat(registry.knownSize()).isEqualTo(2);
        assertThat(registry.create(new ChannelInfo("d", "")).join()).isEqualTo(Created.CREATED);
        assertThat(registry.list().join().stream().map(ChannelInfo::name))
                .containsExactly("a", "c", "d");
    }

    @Test
    void theDefaultCap_isMaxChannels() {
        assertThat(new MemoryChannelRegistry().maxChannels()).isEqualTo(10_000);
    }
}
