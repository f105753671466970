package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redcast.testkit.WsTestClient;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Keep-alive pings on the shared timer, and graceful shutdown. */
class LifecycleIT {

    @Test
    void peerThatStopsAnsweringPings_isClosed_whileAHealthyPeerStays() {
        try (RedcastServer node =
                        RedcastServer.start(TestNodes.config(null).pingIntervalSeconds(1).build());
                WsTestClient healthy = TestNodes.connect(node, "alive");
                WsTestClient dead =
                        WsTestClient.builder(TestNodes.wsUri(node, "dead"))
                                .autoPong(false)
                                .connect()) {
            assertThat(dead.expect("welcome").get("ping_interval").asInt()).isEqualTo(1);

            WsTestClient.CloseStatus status = dead.awaitClose(Duration.ofSeconds(6));

            assertThat(status.code()).isEqualTo(4009);
            assertThat(dead.pingsReceived()).isGreaterThanOrEqualTo(1);
            assertThat(healthy.pingsReceived()).isGreaterThanOrEqualTo(2);
            assertThat(healthy.isOpen()).isTrue();
            healthy.assertExhausted();
        }
    }

    @Test
    void close_sendsGoingAwayToEveryClient_andStopsAccepting() {
        RedcastServer node = RedcastServer.start(TestNodes.config(null).build());
        int port = node.port();
        WsTestClient a = TestNodes.connect(node, "a");
        WsTestClient b = TestNodes.connect(node, "b");

        node.close();

        assertThat(a.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1001);
        assertThat(b.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1001);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                .isInstanceOf(ConnectException.class);
        node.close();
    }
}
