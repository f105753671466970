package dev.redcast.server;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Confined to its main thread. Starts one node in its own JVM for tests that kill it: args are the
 * Redis URL, the channel prefix, the presence refresh and TTL seconds. Prints {@code
 * REDCAST_PORT=<port>} once listening, then runs until killed.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        RedcastServer server =
                RedcastServer.start(
                        TestNodes.config(args[0])
                                .nodeId("doomed")
                                .channelPrefix(args[1])
                                .defaultChannels(List.of("general"))
                                .presence(List.of("general"))
                                .presenceRefreshSeconds(Integer.parseInt(args[2]))
                                .presenceTtlSeconds(Integer.parseInt(args[3]))
                                .build());
        System.out.println("REDCAST_PORT=" + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
