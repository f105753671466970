package dev.redcast.cli.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Confined to the chat's UI thread. The log of one joined channel (or of the chat itself when no
 * channel is joined), bounded to {@link #MAX_LINES}. Messages with a history position are kept
 * once: history fetched after joining and live messages may overlap.
 */
public final class ChannelView {
    /** Lines kept per channel; older ones are dropped. */
    public static final int MAX_LINES = 1000;

    private final String name;
    private final List<ChatLine> lines = new ArrayList<>();
    private final Set<String> positions = new HashSet<>();
    private int unread;

    public ChannelView(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public List<ChatLine> lines() {
        return Collections.unmodifiableList(lines);
    }

    public int unread() {
        return unread;
    }

    public void markRead() {
        unread = 0;
    }

    /**
     * Appends a line.
     *
     * @return false when it is a message this view already has
     */
    public boolean add(ChatLine line, boolean countUnread) {
        String key = line.positionKey();
        if (key != null && !positions.add(key)) {
            return false;
        }
        lines.add(line);
        if (countUnread && !line.isNotice()) {
            unread++;
        }
        trim();
        return true;
    }

    /**
     * Puts older messages (history, oldest first) before everything already in the log, leaving out
     * those it already has.
     *
     * @return how many were added
     */
    public int prepend(List<ChatLine> older) {
        List<ChatLine> fresh = new ArrayList<>();
        for (ChatLine line : older) {
            String key = line.positionKey();
            if (key == null || positions.add(key)) {
                fresh.add(line);
            }
        }
        lines.addAll(0, fresh);
        trim();
        return fresh.size();
    }

    private void trim() {
        while (lines.size() > MAX_LINES) {
            ChatLine dropped = lines.remove(0);
            if (dropped.positionKey() != null) {
                positions.remove(dropped.positionKey());
            }
        }
    }
}
