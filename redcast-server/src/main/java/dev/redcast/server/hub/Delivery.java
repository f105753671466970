package dev.redcast.server.hub;

import dev.redcast.server.protocol.ChannelMessage;
import io.netty.buffer.ByteBuf;

/**
 * Thread-safe (immutable; the frame is read-only). One message on its way to the subscribers of one
 * topic on one event loop: the shared encoded frame (this delivery owns one reference), the message
 * it encodes, and the subscribers that were current when it was dispatched.
 */
record Delivery(ByteBuf frame, ChannelMessage message, Subscription[] subscribers) {}
