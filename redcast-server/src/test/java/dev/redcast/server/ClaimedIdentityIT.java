package dev.redcast.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.redcast.testkit.WsTestClient;
import org.junit.jupiter.api.Test;

/**
 * With the shared token anyone can claim any user name, so by default nobody can rewrite a user's
 * remembered channels (or read them back by claiming the name): {@code persist} is refused until
 * the operator accepts claimed identities. Before, mallory could claim wael's name and persist
 * channels into wael's remembered set.
 */
class ClaimedIdentityIT {
    @Test
    void persist_withClaimedIdentities_isRefusedByDefault() {
        try (RedcastServer node = RedcastServer.start(TestNodes.config(null).build());
                WsTestClient mallory = TestNodes.connect(node, "wael")) {
            mallory.sendJson("type", "subscribe", "id", 1, "channel", "news", "persist", true);
            JsonNode error = mallory.expect("error");
            assertThat(error.get("code").asText()).isEqualTo("forbidden");
            assertThat(error.get("message").asText())
                    .contains("persist needs verified identities (JWT)");
        }
    }

    @Test
    void persist_withClaimedIdentities_worksWhenTheOperatorAcceptsThem() {
        try (RedcastServer node =
                        RedcastServer.start(
                                TestNodes.config(null).claimedIdentityWrites(true).build());
                WsTestClient first = TestNodes.connect(node, "wael")) {
            first.sendJson("type", "subscribe", "id", 1, "channel", "news", "persist", true);
            first.expect("subscribed");
            try (WsTestClient second =
                    WsTestClient.builder(TestNodes.wsUri(node, "wael")).connect()) {
                assertThat(second.expect("welcome").get("subscriptions").toString())
                        .contains("news");
            }
        }
    }
}
