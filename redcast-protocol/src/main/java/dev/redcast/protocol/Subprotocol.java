package dev.redcast.protocol;

/**
 * Thread-safe (constants). The WebSocket subprotocol ({@code Sec-WebSocket-Protocol}) of the
 * redcast wire protocol. A client that asks for it gets the full protocol ({@code welcome}, {@code
 * join}/{@code leave}); one that asks for none gets only messages and replies (PROTOCOL.md section
 * 1).
 */
public final class Subprotocol {
    /** Version 1 of the protocol: {@code redcast.v1}. */
    public static final String V1 = "redcast.v1";

    private Subprotocol() {}
}
