package dev.redcast.cli.chat;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Confined to the chat's UI thread. Everything the screen shows: joined channels and their logs,
 * which one is current, the connection state, the last notice and the input line. The renderer
 * turns it into lines; the controller changes it.
 */
public final class ChatModel {
    private final String program;
    private final String user;
    private final String server;
    private final ZoneId zone;
    private final Clock clock;
    private final Map<String, ChannelView> channels = new LinkedHashMap<>();

    /** Shown when no channel is current: help and command output. */
    private final ChannelView lobby = new ChannelView("");

    private final InputLine input = new InputLine();
    private String current; // null: the lobby
    private String connection = "connecting";
    private String notice = "";
    private int scroll; // lines scrolled up from the bottom of the log

    /**
     * @param program name and version for the header, e.g. "redcast chat 1.0.0"
     * @param server where the chat is connected, for the header
     */
    public ChatModel(String program, String user, String server, ZoneId zone, Clock clock) {
        this.program = Objects.requireNonNull(program, "program");
        this.user = user;
        this.server = Objects.requireNonNull(server, "server");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String program() {
        return program;
    }

    /** The user name asked for; null when the server chose one. */
    public String user() {
        return user;
    }

    public String server() {
        return server;
    }

    public ZoneId zone() {
        return zone;
    }

    public Clock clock() {
        return clock;
    }

    public InputLine input() {
        return input;
    }

    /** Joined channels in the order they were joined. */
    public List<ChannelView> channels() {
        return new ArrayList<>(channels.values());
    }

    public ChannelView channel(String name) {
        return channels.get(name);
    }

    /** The current channel's name, or null when none is joined. */
    public String current() {
        return current;
    }

    /** The log on screen: the current channel's, or the lobby's. */
    public ChannelView view() {
        return current != null ? channels.get(current) : lobby;
    }

    /** Adds a channel (if new) and makes it current. */
    public ChannelView join(String name) {
        ChannelView view = channels.computeIfAbsent(name, ChannelView::new);
        select(name);
        return view;
    }

    /** Removes a channel; the one joined before it (or the lobby) becomes current. */
    public void leave(String name) {
        List<String> names = new ArrayList<>(channels.keySet());
        int index = names.indexOf(name);
        if (index < 0) {
            return;
        }
        channels.remove(name);
        if (name.equals(current)) {
            names.remove(index);
            current = names.isEmpty() ? null : names.get(Math.max(0, index - 1));
            scroll = 0;
            if (current != null) {
                channels.get(current).markRead();
            }
        }
    }

    public void select(String name) {
        if (channels.containsKey(name)) {
            current = name;
            scroll = 0;
            channels.get(name).markRead();
        }
    }

    /** Makes the next (or previous, for -1) joined channel current, wrapping around. */
    public void cycle(int direction) {
        List<String> names = new ArrayList<>(channels.keySet());
        if (names.isEmpty()) {
            return;
        }
        int index = current == null ? -1 : names.indexOf(current);
        int next = Math.floorMod(index + direction, names.size());
        select(names.get(next));
    }

    /** Adds a notice line to the log on screen. */
    public void say(String text) {
        view().add(ChatLine.notice(clock.instant(), text), false);
    }

    /** Adds a notice line to a channel's log (or the lobby's when it is not joined). */
    public void say(String channel, String text) {
        ChannelView v = channel != null ? channels.get(channel) : null;
        (v != null ? v : lobby).add(ChatLine.notice(clock.instant(), text), false);
    }

    public String connection() {
        return connection;
    }

    public void connection(String state) {
        this.connection = state;
    }

    public String notice() {
        return notice;
    }

    public void notice(String text) {
        this.notice = text == null ? "" : text;
    }

    public int scroll() {
        return scroll;
    }

    /** Scrolls the log by {@code lines} (positive: back in time); the renderer clamps it. */
    public void scrollBy(int lines) {
        scroll = Math.max(0, scroll + lines);
    }

    /** The renderer clamps the scroll to what the log holds. */
    void clampScroll(int max) {
        scroll = Math.min(scroll, Math.max(0, max));
    }
}
