package dev.redcast.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelPolicyTest {
    private static ServerConfig config(String namespaces, String history, String presence) {
        return ConfigLoader.load(
                Map.of(),
                Map.of("NAMESPACES", namespaces, "HISTORY", history, "PRESENCE", presence),
                null);
    }

    @Test
    void theNamespaceIsThePrefixBeforeTheFirstColon_unknownPrefixesFallToTheDefault() {
        ChannelPolicy p =
                config("{\"chat\":{\"publish\":\"subscribers\"},\"\":{\"patterns\":false}}", "", "")
                        .channels();
        assertThat(p.namespace("chat:room:1").name()).isEqualTo("chat");
        assertThat(p.namespace("chatter").name()).isEmpty();
        assertThat(p.namespace("other:x").name()).isEmpty();
        assertThat(p.namespace("plain").patterns()).isFalse();
        assertThat(p.publish("chat:1")).isEqualTo(Namespace.Publish.SUBSCRIBERS);
        assertThat(p.publish("plain")).isEqualTo(Namespace.Publish.ANYONE);
    }

    @Test
    void theOlderSettings_decideWhatANamespaceLeavesOpen() {
        ServerConfig c =
                config(
                        "{\"chat\":{\"history\":\"5/1m\",\"join_leave\":false}}",
                        "*=100/1h",
                        "chat:*,general");
        ChannelPolicy p = c.channels();
        assertThat(p.find("chat:1").maxLength()).isEqualTo(5);
        assertThat(p.find("general").maxLength()).isEqualTo(100);
        assertThat(p.find("__redcast:presence")).isNull();
        assertThat(p.announces("chat:1")).isFalse();
        assertThat(p.announces("general")).isTrue();
        assertThat(p.anyAnnounces()).isTrue();
        ChannelPolicy noPublish =
                ConfigLoader.load(Map.of(), Map.of("CLIENT_PUBLISH", "false"), null).channels();
        assertThat(noPublish.publish("x")).isEqualTo(Namespace.Publish.NONE);
    }

    @Test
    void patterns_reachOnlyChannelsEveryoneMaySubscribeTo() {
        ChannelPolicy p =
                config(
                                "{\"private\":{\"subscribe\":\"token\"},\"sys\":{\"subscribe\":"
                                        + "\"none\"},\"nopat\":{\"patterns\":false}}",
                                "",
                                "")
                        .channels();
        assertThat(p.openToPatterns("news:1")).isTrue();
        assertThat(p.openToPatterns("private:1")).isFalse();
        assertThat(p.openToPatterns("sys:1")).isFalse();
        assertThat(p.openToPatterns("nopat:1")).isFalse();
        assertThat(p.openToPatterns("dm:#a,b")).isFalse();
        assertThat(p.namespaceOfPattern("private:*").name()).isEqualTo("private");
        assertThat(p.namespaceOfPattern("pri*:x")).isNull();
        assertThat(p.namespaceOfPattern("*")).isNull();
    }

    @Test
    void userLists_afterTheLastHash() {
        assertThat(ChannelPolicy.userAllowed("dm:#alice,bob", "bob")).isTrue();
        assertThat(ChannelPolicy.userAllowed("dm:#alice,bob", "carol")).isFalse();
        assertThat(ChannelPolicy.userAllowed("dm:#alice,bob", "alice,bob")).isFalse();
        assertThat(ChannelPolicy.userAllowed("plain", "anyone")).isTrue();
    }

    @Test
    void badNamespaces_areRefusedNamingTheSettingAndTheOption() {
        assertThatThrownBy(() -> config("{\"chat\":{\"publish\":\"everyone\"}}", "", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("namespaces (NAMESPACES)")
                .hasMessageContaining("publish must be one of none, subscribers, anyone");
        assertThatThrownBy(() -> config("{\"chat\":{\"colour\":1}}", "", ""))
                .hasMessageContaining("unknown option 'colour'");
        assertThatThrownBy(() -> config("{\"a:b\":{}}", "", ""))
                .hasMessageContaining("a namespace name has none of");
        assertThatThrownBy(() -> config("{\"__redcast\":{}}", "", ""))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> config("[1]", "", "")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> config("{\"c\":{\"history\":\"lots\"}}", "", ""))
                .hasMessageContaining("namespace 'c': history");
    }

    @Test
    void aConfigFileMayGiveNamespacesAsAMapping() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("ns", ".yaml");
        try {
            java.nio.file.Files.writeString(
                    f, "namespaces:\n  chat:\n    publish: subscribers\n    persist: false\n");
            List<Namespace> ns = ConfigLoader.load(Map.of(), Map.of(), f).channels().namespaces();
            assertThat(ns).extracting(Namespace::name).containsExactly("", "chat");
            assertThat(ns.get(1).persist()).isFalse();
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
