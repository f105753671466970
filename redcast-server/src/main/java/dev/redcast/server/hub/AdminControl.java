package dev.redcast.server.hub;

import dev.redcast.protocol.CloseCodes;
import dev.redcast.server.broker.BrokerUnavailableException;
import dev.redcast.server.cluster.Admin;
import dev.redcast.server.cluster.AdminCommand;
import dev.redcast.server.cluster.Cluster;
import dev.redcast.server.cluster.ControlChannel;
import dev.redcast.server.cluster.ControlHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe (stateless apart from final collaborators). Carries out administrators' commands: on
 * this node's sessions, each on its event loop, and on the other nodes' through the control channel
 * {@code __redcast:admin}, whose messages a node applies only when a live node sealed them ({@link
 * ControlChannel}). Closing goes through {@link Session#close}, subscribing through the client's
 * own subscribe path ({@link Commands#subscribeByServer}).
 */
public final class AdminControl implements Admin, ControlHandler {
    private static final Logger log = LoggerFactory.getLogger(AdminControl.class);

    /** The control channel's name under the reserved prefix: {@code __redcast:admin}. */
    static final String CONTROL = "admin";

    private final Hub hub;
    private final Commands commands;
    private final ControlChannel control;
    private final String nodeId;

    AdminControl(Hub hub, Commands commands, Cluster cluster) {
        this.hub = hub;
        this.commands = commands;
        this.control = cluster.channel(CONTROL, this);
        this.nodeId = cluster.nodeId();
    }

    /** Starts listening to the other nodes' commands; the future completes once they flow. */
    CompletableFuture<Void> start() {
        return control.start();
    }

    @Override
    public CompletableFuture<Integer> run(AdminCommand command) {
        return applyHere(command)
                .thenCompose(
                        changed -> {
                            log.info(
                                    "admin {}: {} connections on this node; sending it to every"
                                            + " node",
                                    command.json(),
                                    changed);
                            return control.publish(command.json())
                                    .handle(
                                            (r, err) -> {
                                                if (err != null) {
                                                    throw notSent(changed, err);
                                                }
                                                return changed;
                                            });
                        });
    }

    /** The failure of a command applied here that could not be sent to the other nodes. */
    private static BrokerUnavailableException notSent(int changed, Throwable err) {
        Throwable cause =
                err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return new BrokerUnavailableException(
                "applied to "
                        + changed
                        + " connections of this node but not sent to the other nodes: "
                        + cause.getMessage());
    }

    /** A command sealed by a live node: applied here, unless this node sent it (it already was). */
    @Override
    public CompletionStage<Verdict> check(Received m) {
        if (m.node().equals(nodeId)) {
            return CompletableFuture.completedFuture(Verdict.apply(() -> {}));
        }
        AdminCommand command = AdminCommand.parse(m.json());
        if (command == null) {
            return CompletableFuture.completedFuture(Verdict.ignore("malformed"));
        }
        return CompletableFuture.completedFuture(
                Verdict.apply(
                        () ->
                                applyHere(command)
                                        .thenAccept(
                                                changed ->
                                                        log.info(
                                                                "admin {} from node {}: {}"
                                                                        + " connections on this"
                                                                        + " node",
                                                                command.json(),
                                                                m.node(),
                                                                changed))));
    }

    private CompletableFuture<Integer> applyHere(AdminCommand command) {
        return hub.forEachSession(s -> apply(command, s));
    }

    /** Applies {@code command} to {@code s}, on its event loop; whether it changed it. */
    private boolean apply(AdminCommand command, Session s) {
        if (command instanceof AdminCommand.Disconnect d) {
            if (!d.matches(s.user(), s.id())) {
                return false;
            }
            s.close(
                    d.code(),
                    d.code() == CloseCodes.DISCONNECTED_BY_ADMIN
                            ? "disconnected by an administrator"
                            : "an administrator asked this connection to reconnect");
            return true;
        }
        if (command instanceof AdminCommand.Subscribe c) {
            return s.user().equals(c.user()) && commands.subscribeByServer(s, c.channel());
        }
        if (command instanceof AdminCommand.Unsubscribe c) {
            return s.user().equals(c.user()) && commands.unsubscribeByServer(s, c.channel());
        }
        return false;
    }
}
