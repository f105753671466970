package dev.redcast.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.redcast.protocol.CloseCodes;
import org.junit.jupiter.api.Test;

/** Confined to the test thread. Admin commands check their fields and survive the trip. */
class AdminCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static AdminCommand parse(String json) throws Exception {
        return AdminCommand.parse(MAPPER.readTree(json));
    }

    @Test
    void everyCommand_readsBackAsItself() throws Exception {
        for (AdminCommand c :
                new AdminCommand[] {
                    new AdminCommand.Disconnect("wael", null, CloseCodes.DISCONNECTED_BY_ADMIN),
                    new AdminCommand.Disconnect(null, "1f9e0a", CloseCodes.FORCED_RECONNECT),
                    new AdminCommand.Subscribe("wael", "news"),
                    new AdminCommand.Unsubscribe("wael", "news")
                }) {
            assertThat(parse(c.json().toString())).isEqualTo(c);
        }
    }

    @Test
    void disconnect_namesAUserOrAClient_withAnAdminCloseCode() {
        assertThatThrownBy(() -> new AdminCommand.Disconnect("u", "c", 4503))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new AdminCommand.Disconnect(null, null, 4503))
                .hasMessageContaining("either");
        assertThatThrownBy(() -> new AdminCommand.Disconnect("u", null, 1000))
                .hasMessageContaining("4503 or 4011");
        assertThat(new AdminCommand.Disconnect("u", null, 4503).matches("u", "x")).isTrue();
        assertThat(new AdminCommand.Disconnect(null, "c1", 4503).matches("u", "c1")).isTrue();
        assertThat(new AdminCommand.Disconnect(null, "c1", 4503).matches("c1", "c2")).isFalse();
    }

    @Test
    void subscribe_refusesReservedAndMissingChannels() {
        assertThatThrownBy(() -> new AdminCommand.Subscribe("u", "__redcast:admin"))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> new AdminCommand.Subscribe("u", null))
                .hasMessageContaining("missing field 'channel'");
        assertThatThrownBy(() -> new AdminCommand.Unsubscribe("", "news"))
                .hasMessageContaining("'user'");
    }

    @Test
    void malformedMessages_readAsNull() throws Exception {
        assertThat(parse("{\"type\":\"reboot\"}")).isNull();
        assertThat(parse("{\"type\":\"disconnect\",\"user\":\"u\",\"code\":\"4503\"}")).isNull();
        assertThat(parse("{\"type\":\"disconnect\",\"user\":\"u\",\"code\":4000}")).isNull();
        assertThat(parse("{\"type\":\"subscribe\",\"user\":5,\"channel\":\"c\"}")).isNull();
        assertThat(parse("{\"type\":\"subscribe\",\"user\":\"u\",\"channel\":\"__redcast:x\"}"))
                .isNull();
        assertThat(parse("[]")).isNull();
    }
}
