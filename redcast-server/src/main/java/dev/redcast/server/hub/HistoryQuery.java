package dev.redcast.server.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.redcast.server.broker.Broker;
import dev.redcast.server.protocol.Command;
import dev.redcast.server.protocol.HistoryJson;
import dev.redcast.server.protocol.Replies;

/**
 * Thread-safe (stateless apart from the broker); the reply is sent from the session's event loop.
 * Answers the {@code history} command: the newest {@code limit} messages (before {@code before}),
 * oldest first, with the channel's position; a channel without history answers an empty list.
 */
final class HistoryQuery {
    private final Broker broker;

    HistoryQuery(Broker broker) {
        this.broker = broker;
    }

    void handle(Session session, Command.History c) {
        OnLoop.whenDone(
                broker.readLast(c.channel(), c.limit(), c.before()),
                session,
                (page, err) -> {
                    if (err != null) {
                        session.send(Commands.failure(c.id(), err, session));
                        return;
                    }
                    ObjectNode reply = Replies.channelReply("history", c.id(), c.channel(), false);
                    HistoryJson.putMessages(reply, page.messages());
                    HistoryJson.putPosition(reply, page.position());
                    session.send(reply);
                });
    }
}
