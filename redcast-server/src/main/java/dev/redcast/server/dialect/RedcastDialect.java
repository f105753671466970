package dev.redcast.server.dialect;

import dev.redcast.server.config.DialectsConfig;
import dev.redcast.server.hub.Commands;
import dev.redcast.server.hub.RedcastWire;
import dev.redcast.server.hub.Session;
import dev.redcast.server.hub.Wire;
import dev.redcast.server.protocol.CommandDecoder;
import dev.redcast.server.protocol.ProtocolException;

/**
 * Thread-safe (immutable). redcast's own protocol, PROTOCOL.md: JSON commands in text frames. With
 * the {@code redcast.v1} subprotocol the client gets every frame; without one it is a client of the
 * original Redis-to-WebSocket forwarder (the {@code forwarder} dialect), which parses every frame
 * as a message: it gets messages, whose envelope keeps the forwarder's {@code channel}, {@code
 * payload} and {@code timestamp}, and the answers to commands it sends, nothing else.
 */
final class RedcastDialect implements Dialect {
    private final String name;
    private final RedcastWire wire;
    private final Commands commands;

    private RedcastDialect(String name, RedcastWire wire, Commands commands) {
        this.name = name;
        this.wire = wire;
        this.commands = commands;
    }

    /** Clients that asked for {@code redcast.v1}. */
    static RedcastDialect v1(Commands commands) {
        return new RedcastDialect("redcast", RedcastWire.V1, commands);
    }

    /** Clients that asked for no subprotocol: the forwarder's. */
    static RedcastDialect forwarder(Commands commands) {
        return new RedcastDialect(DialectsConfig.FORWARDER, RedcastWire.PLAIN, commands);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Wire wire() {
        return wire;
    }

    @Override
    public Connection connect(Session session) {
        return new Connection() {
            @Override
            public void text(byte[] frame) {
                commands.handle(session, CommandDecoder.decode(frame));
            }

            @Override
            public void binary(byte[] frame) {
                throw ProtocolException.badRequest(
                        "binary frames are not supported; send JSON commands as text frames", null);
            }
        };
    }
}
