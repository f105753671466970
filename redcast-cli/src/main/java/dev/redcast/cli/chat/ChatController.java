package dev.redcast.cli.chat;

import dev.redcast.cli.tools.CliSupport;
import dev.redcast.client.ConnectionState;
import dev.redcast.client.HistoryPage;
import dev.redcast.client.Message;
import dev.redcast.client.MessageListener;
import dev.redcast.client.PresenceListener;
import dev.redcast.client.RedcastException;
import dev.redcast.client.StreamPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Confined to the chat's UI thread: key presses, client callbacks and future completions all run
 * there, so the model needs no locks. Turns input into client calls and client events into model
 * changes, then asks for a repaint.
 */
public final class ChatController implements PresenceListener {
    /** Messages of history shown on /join when the channel keeps history. */
    static final int HISTORY = 20;

    /** Lines PgUp/PgDn scroll. */
    static final int PAGE = 10;

    private final ChatModel model;
    private final Runnable repaint;
    private final Runnable quit;
    private ChatBackend backend;
    private boolean everConnected;

    /**
     * @param repaint asks for the screen to be drawn again (soon, on the UI thread)
     * @param quit ends the chat
     */
    public ChatController(ChatModel model, Runnable repaint, Runnable quit) {
        this.model = Objects.requireNonNull(model, "model");
        this.repaint = Objects.requireNonNull(repaint, "repaint");
        this.quit = Objects.requireNonNull(quit, "quit");
    }

    /** Connects the controller to the client; before this no command reaches a server. */
    public void attach(ChatBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** Greets the user and joins the channels asked for on the command line. */
    public void start(List<String> channels) {
        model.say(
                "Welcome to "
                        + model.program()
                        + ". Type /join <channel> to start, /help for commands.");
        for (String c : channels) {
            join(c);
        }
        repaint.run();
    }

    // ---- keys and commands ----

    public void onKey(KeyAction action, String typed) {
        InputLine input = model.input();
        switch (action) {
            case INSERT -> input.insert(typed);
            case ENTER -> submit(input.submit());
            case BACKSPACE -> input.backspace();
            case DELETE -> input.delete();
            case LEFT -> input.left();
            case RIGHT -> input.right();
            case HOME -> input.home();
            case END -> input.end();
            case UP -> input.previous();
            case DOWN -> input.next();
            case PAGE_UP -> model.scrollBy(PAGE);
            case PAGE_DOWN -> model.scrollBy(-PAGE);
            case CLEAR_LINE -> input.clear();
            case DELETE_WORD -> input.deleteWordBefore();
            case NEXT_CHANNEL -> model.cycle(1);
            case PREVIOUS_CHANNEL -> model.cycle(-1);
            case QUIT -> quit.run();
            case EOF -> {
                if (input.isEmpty()) {
                    quit.run();
                } else {
                    input.delete();
                }
            }
            case REDRAW, IGNORE -> {}
        }
        repaint.run();
    }

    /** Carries out one submitted line. */
    public void submit(String line) {
        ChatInput in = ChatInput.parse(line);
        if (in instanceof ChatInput.Join j) {
            join(j.channel());
        } else if (in instanceof ChatInput.Leave l) {
            leave(l.channel());
        } else if (in instanceof ChatInput.Channels) {
            channels();
        } else if (in instanceof ChatInput.Who) {
            who();
        } else if (in instanceof ChatInput.Send s) {
            send(s.text());
        } else if (in instanceof ChatInput.Help) {
            model.say(ChatInput.HELP);
        } else if (in instanceof ChatInput.Quit) {
            quit.run();
        } else if (in instanceof ChatInput.Invalid i) {
            model.notice(i.message());
        }
        repaint.run();
    }

    private void join(String channel) {
        if (model.channel(channel) != null) {
            model.select(channel);
            model.notice("switched to " + channel);
            return;
        }
        model.join(channel);
        model.notice("joining " + channel + "...");
        backend.subscribe(channel, new ChannelListener(channel))
                .whenComplete(
                        (subscribed, err) -> {
                            if (err != null) {
                                model.leave(channel);
                                model.say("cannot join " + channel + ": " + describe(err));
                                model.notice("cannot join " + channel);
                            } else if (model.channel(channel) != null) {
                                model.say(channel, "joined " + channel);
                                model.notice("joined " + channel);
                                loadHistory(channel, false);
                            }
                            repaint.run();
                        });
    }

    /**
     * Shows recent history. After joining it goes before everything else in the log; after a
     * recovery failure it is appended, leaving out what the log already has. A channel that keeps
     * no history answers with an error, and the chat just goes on.
     */
    private void loadHistory(String channel, boolean afterGap) {
        backend.history(channel, HISTORY)
                .whenComplete(
                        (page, err) -> {
                            ChannelView view = model.channel(channel);
                            if (view == null) {
                                return;
                            }
                            if (err != null) {
                                if (afterGap) {
                                    model.say(channel, "cannot reload history: " + describe(err));
                                }
                            } else {
                                List<ChatLine> lines = lines(page);
                                if (afterGap) {
                                    lines.forEach(line -> view.add(line, false));
                                } else {
                                    view.prepend(lines);
                                }
                            }
                            repaint.run();
                        });
    }

    private void leave(String channel) {
        String name = channel != null ? channel : model.current();
        if (name == null) {
            model.notice("not in a channel");
            return;
        }
        if (model.channel(name) == null) {
            model.notice("not in " + name);
            return;
        }
        model.leave(name);
        model.say("left " + name);
        model.notice("left " + name);
        backend.unsubscribe(name)
                .whenComplete(
                        (v, err) -> {
                            if (err != null) {
                                model.notice("leaving " + name + ": " + describe(err));
                                repaint.run();
                            }
                        });
    }

    private void channels() {
        backend.channels()
                .whenComplete(
                        (list, err) -> {
                            if (err != null) {
                                model.say("cannot list channels: " + describe(err));
                            } else if (list.isEmpty()) {
                                model.say("no channels on the server yet");
                            } else {
                                StringBuilder s = new StringBuilder("channels on the server:");
                                list.forEach(
                                        c ->
                                                s.append("\n  ")
                                                        .append(c.name())
                                                        .append(
                                                                c.description().isEmpty()
                                                                        ? ""
                                                                        : " - " + c.description())
                                                        .append(
                                                                c.subscribers() >= 0
                                                                        ? " ("
                                                                                + c.subscribers()
                                                                                + " subscribed)"
                                                                        : ""));
                                model.say(s.toString());
                            }
                            repaint.run();
                        });
    }

    private void who() {
        String channel = model.current();
        if (channel == null) {
            model.notice("join a channel first: /join <channel>");
            return;
        }
        backend.presence(channel)
                .whenComplete(
                        (presence, err) -> {
                            if (err != null) {
                                model.say(channel, "who: " + describe(err));
                            } else {
                                List<String> users = presence.users();
                                model.say(
                                        channel,
                                        users.isEmpty()
                                                ? "nobody in " + channel
                                                : users.size()
                                                        + " in "
                                                        + channel
                                                        + ": "
                                                        + String.join(", ", users));
                            }
                            repaint.run();
                        });
    }

    private void send(String text) {
        String channel = model.current();
        if (channel == null) {
            model.notice("join a channel first: /join <channel>");
            return;
        }
        backend.publish(channel, text)
                .whenComplete(
                        (result, err) -> {
                            if (err != null) {
                                model.say(channel, "not sent: " + describe(err));
                                model.notice("not sent");
                                repaint.run();
                            }
                        });
    }

    // ---- client events ----

    public void onState(ConnectionState state) {
        if (state instanceof ConnectionState.Connecting c) {
            model.connection(
                    c.attempt() == 0 ? "connecting" : "reconnecting (attempt " + c.attempt() + ")");
        } else if (state instanceof ConnectionState.Connected) {
            model.connection("connected");
            if (everConnected) {
                int n = model.channels().size();
                model.notice("reconnected" + (n > 0 ? "; restoring " + n + " channel(s)" : ""));
            }
            everConnected = true;
        } else if (state instanceof ConnectionState.Reconnecting r) {
            model.connection(
                    String.format(
                            Locale.ROOT,
                            "reconnecting in %.1f s (attempt %d)",
                            r.delay().toMillis() / 1000.0,
                            r.attempt()));
            model.notice("connection lost (" + r.closeCode() + " " + r.reason() + ")");
        } else if (state instanceof ConnectionState.Closed c) {
            model.connection("disconnected");
            model.notice(
                    "connection closed (" + c.closeCode() + " " + c.reason() + "); /quit to exit");
        }
        repaint.run();
    }

    @Override
    public void onJoin(String channel, String user) {
        model.say(channel, user + " joined");
        repaint.run();
    }

    @Override
    public void onLeave(String channel, String user) {
        model.say(channel, user + " left");
        repaint.run();
    }

    /** Delivers one channel's messages into its view. */
    private final class ChannelListener implements MessageListener {
        private final String channel;

        ChannelListener(String channel) {
            this.channel = channel;
        }

        @Override
        public void onMessage(Message m) {
            ChannelView view = model.channel(channel);
            if (view != null) {
                view.add(line(m), !channel.equals(model.current()));
                repaint.run();
            }
        }

        @Override
        public void onRecovered(String ch, int missed) {
            model.notice(
                    missed > 0
                            ? "recovered " + missed + " missed message(s) in " + ch
                            : "back in " + ch + ", nothing missed");
            repaint.run();
        }

        @Override
        public void onRecoveryFailed(String ch, StreamPosition current) {
            model.say(
                    ch,
                    "messages sent while disconnected may be missing; reloading recent history");
            model.notice("history gap in " + ch + "; reloading");
            loadHistory(ch, true);
            repaint.run();
        }

        @Override
        public void onSubscriptionFailed(String ch, RedcastException error) {
            model.say(ch, "lost this channel: " + describe(error));
            model.notice("lost " + ch);
            repaint.run();
        }
    }

    private List<ChatLine> lines(HistoryPage page) {
        List<ChatLine> lines = new ArrayList<>();
        page.messages().forEach(m -> lines.add(line(m)));
        return lines;
    }

    /** A message as a log line; one published straight on Redis has no sender and shows "~". */
    private ChatLine line(Message m) {
        Instant time = m.timestamp() != null ? m.timestamp() : model.clock().instant();
        String text = m.isBinary() ? "<binary, " + m.bytes().length + " bytes>" : m.payload();
        return new ChatLine(time, m.from() != null ? m.from() : "~", text, m.offset(), m.epoch());
    }

    private static String describe(Throwable err) {
        return CliSupport.describe(err);
    }
}
