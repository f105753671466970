package dev.redcast.server.presence.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryPresenceStoreTest {
    private final MemoryPresenceStore store = new MemoryPresenceStore("n-test");

    @Test
    void remember_isRefusedOnceTheUserHasTheLimit_butConfirmsWhatIsAlreadyRemembered() {
        assertThat(store.remember("rana", "a", 2).join()).isTrue();
        assertThat(store.remember("rana", "b", 2).join()).isTrue();

        assertThat(store.remember("rana", "c", 2).join()).isFalse();
        assertThat(store.remember("rana", "a", 2).join()).isTrue();
        assertThat(store.remember("mazen", "c", 2).join()).isTrue();
        assertThat(store.remembered("rana").join()).containsExactly("a", "b");

        store.forget("rana", "a").join();
        assertThat(store.remember("rana", "c", 2).join()).isTrue();
        assertThat(store.remembered("rana").join()).containsExactly("b", "c");
    }

    @Test
    void holders_areThisNodeWhileTheUserHasAConnectionInTheChannel() {
        assertThat(store.holders("general", "rana").join()).isEmpty();
        store.join("general", "rana", "c1").join();
        store.join("general", "rana", "c2").join();
        assertThat(store.holders("general", "rana").join()).containsExactly("n-test");
        assertThat(store.holders("random", "rana").join()).isEmpty();
        assertThat(store.holders("general", "mazen").join()).isEmpty();

        store.leave("general", "rana", "c1").join();
        assertThat(store.holders("general", "rana").join()).containsExactly("n-test");
        store.leave("general", "rana", "c2").join();
        assertThat(store.holders("general", "rana").join()).isEmpty();
    }
}
