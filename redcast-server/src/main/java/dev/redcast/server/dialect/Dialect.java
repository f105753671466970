package dev.redcast.server.dialect;

import dev.redcast.server.hub.Session;
import dev.redcast.server.hub.Wire;
import dev.redcast.server.protocol.ProtocolException;

/**
 * Thread-safe (implementations are immutable); {@link #connect} runs on the connection's event
 * loop. One kind of client: how its frames become redcast's commands ({@link Connection}) and what
 * it gets back ({@link #wire()}).
 */
public interface Dialect {
    /** The name in the {@code dialects} setting. */
    String name();

    /** The frames its clients get and what they start subscribed to. */
    Wire wire();

    /** The query parameter that names the user when the shared token admits the client. */
    default String userParameter() {
        return "user";
    }

    /** Starts reading the frames of one connection, whose session has just opened. */
    Connection connect(Session session);

    /**
     * Confined to its channel's event loop. The frames of one connection, carried out against its
     * session. A refusal is thrown as a {@link ProtocolException}; the session answers it in the
     * dialect's own form ({@link Wire#reply}) and counts it against the bad commands in a row.
     */
    interface Connection {
        /** A text frame, valid UTF-8. */
        void text(byte[] frame);

        /** A binary frame; refused unless the dialect carries bytes. */
        default void binary(byte[] frame) {
            throw ProtocolException.badRequest(
                    "binary frames are not supported; send text frames", null);
        }
    }
}
