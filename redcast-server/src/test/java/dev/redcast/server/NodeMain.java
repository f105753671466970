package dev.redcast.server;

import dev.redcast.server.config.ConfigLoader;
import dev.redcast.server.config.ServerConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Confined to its main thread. Starts one node in its own JVM for tests that kill it: args are the
 * Redis URL, the channel prefix, the presence refresh and TTL seconds; without args the node is
 * configured the way {@code redcast serve} is, from environment variables such as {@code WS_PORT},
 * {@code REDIS_URL}, {@code HISTORY} and {@code JWT_SECRET}. Prints {@code REDCAST_PORT=<port>}
 * once listening, then runs until killed.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        RedcastServer server =
                RedcastServer.start(
                        args.length == 0
                                ? ConfigLoader.load(Map.of(), System.getenv(), null)
                                : presenceNode(args));
        System.out.println("REDCAST_PORT=" + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static ServerConfig presenceNode(String[] args) {
        return TestNodes.config(args[0])
                .nodeId("doomed")
                .channelPrefix(args[1])
                .defaultChannels(List.of("general"))
                .presence(List.of("general"))
                .presenceRefreshSeconds(Integer.parseInt(args[2]))
                .presenceTtlSeconds(Integer.parseInt(args[3]))
                .build();
    }
}
