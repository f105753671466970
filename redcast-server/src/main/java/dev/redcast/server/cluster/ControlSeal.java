package dev.redcast.server.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Thread-safe (immutable). A node's control key, made up at start-up and published in its {@link
 * NodeRecord}, and the signature that binds a control message to it.
 *
 * <p>A control message is one JSON object: its own fields, then {@code node} (the sender's id),
 * {@code at} (the sender's clock, epoch milliseconds) and {@code sig}, the HMAC-SHA256 with the
 * sender's key of the object's JSON without {@code sig}, base64url without padding. The receiver
 * re-serializes what it parsed, minus {@code sig}, in the order received; Jackson writes what it
 * read back byte for byte, so a message signed by a node verifies, and anything else (another
 * writer's spelling included) fails closed.
 *
 * <p>Threat model: whoever can read the node records in Redis can sign as a node, so Redis access
 * is trusted, as it already is (it can publish any message to any channel). What the key rules out
 * is a control message from anyone who can only publish: a backend publishing to the wrong channel,
 * a client of the WebSocket or HTTP API (who cannot publish on {@code __redcast:} channels anyway),
 * a program that learnt the message format, or replaying a message seen on the channel more than
 * {@link #MAX_SKEW_MILLIS} later.
 */
public final class ControlSeal {
    /**
     * How far a message's {@code at} may be from the receiver's clock: 60 s, room for clock skew
     * between nodes and a Redis that was briefly slow.
     */
    public static final long MAX_SKEW_MILLIS = 60_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String MAC = "HmacSHA256";

    private final String nodeId;
    private final byte[] key;

    private ControlSeal(String nodeId, byte[] key) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.key = key;
    }

    /** A fresh random key for node {@code nodeId}. */
    public static ControlSeal generate(String nodeId) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new ControlSeal(nodeId, key);
    }

    /** The key of another node, as its record holds it; for tests that sign as that node. */
    public static ControlSeal of(String nodeId, String hexKey) {
        return new ControlSeal(nodeId, HexFormat.of().parseHex(hexKey));
    }

    public String nodeId() {
        return nodeId;
    }

    /** The key as the node record holds it: hex. */
    public String key() {
        return HexFormat.of().formatHex(key);
    }

    /**
     * {@code message} stamped with this node's id and {@code nowMillis} and signed: the bytes to
     * publish. {@code message} itself is not changed.
     */
    public byte[] seal(ObjectNode message, long nowMillis) {
        ObjectNode m = message.deepCopy();
        m.remove("sig");
        m.put("node", nodeId);
        m.put("at", nowMillis);
        m.put("sig", Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, bytes(m))));
        return bytes(m);
    }

    /**
     * Whether {@code message}, as received, carries a valid signature made with {@code hexKey}.
     * False, never an exception, for anything malformed (a key that is not hex included).
     */
    static boolean verify(ObjectNode message, String hexKey) {
        JsonNode sig = message.get("sig");
        if (sig == null || !sig.isTextual()) {
            return false;
        }
        byte[] given;
        byte[] keyBytes;
        try {
            given = Base64.getUrlDecoder().decode(sig.textValue());
            keyBytes = HexFormat.of().parseHex(hexKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ObjectNode unsigned = message.deepCopy();
        unsigned.remove("sig");
        return MessageDigest.isEqual(mac(keyBytes, bytes(unsigned)), given);
    }

    private static byte[] mac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a control message", e);
        }
    }

    /** Without the key: seals end up in logs. */
    @Override
    public String toString() {
        return "ControlSeal[node=" + nodeId + "]";
    }
}
