package org.skywave.bridge.node.bitcoin;

/** The fixed-size control payloads: {@code ping}/{@code pong} nonces, {@code sendcmpct}, {@code reject}. */
public final class SmallPayloads {

    /** BIP 61 reject: longest message name and reason we read (Core's old {@code MAX_REJECT_MESSAGE_LENGTH}). */
    public static final int MAX_REJECT_MESSAGE_LENGTH = 111;

    private SmallPayloads() {
    }

    public static BitcoinMessage ping(long nonce) {
        return BitcoinMessage.wrap(BitcoinCommand.PING, new PayloadWriter(8).i64(nonce).toByteArray());
    }

    public static BitcoinMessage pong(long nonce) {
        return BitcoinMessage.wrap(BitcoinCommand.PONG, new PayloadWriter(8).i64(nonce).toByteArray());
    }

    /** The nonce of a ping or pong (BIP 31). */
    public static long nonce(BitcoinMessage message) throws BitcoinProtocolException {
        PayloadReader in = new PayloadReader(message.command(), message.payloadUnsafe());
        long nonce = in.i64("nonce");
        in.end();
        return nonce;
    }

    public static BitcoinMessage empty(String command) {
        return BitcoinMessage.wrap(command, new byte[0]);
    }

    /** A human-readable reading of a BIP 61 reject, for the log. */
    public static String describeReject(byte[] payload) throws BitcoinProtocolException {
        PayloadReader in = new PayloadReader(BitcoinCommand.REJECT, payload);
        String message = in.varString("message", MAX_REJECT_MESSAGE_LENGTH);
        int code = in.u8("ccode");
        String reason = in.varString("reason", MAX_REJECT_MESSAGE_LENGTH);
        String data = in.remaining() >= 32 ? " " + BitcoinHashes.toDisplayHex(in.bytes(32, "data")) : "";
        return message + " rejected, code 0x" + Integer.toHexString(code) + " '" + reason + "'" + data;
    }
}
