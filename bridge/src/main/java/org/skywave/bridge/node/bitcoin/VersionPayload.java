package org.skywave.bridge.node.bitcoin;

/**
 * The {@code version} message (https://en.bitcoin.it/wiki/Protocol_documentation#version), with
 * the {@code relay} flag of BIP 37 that every node since 70001 sends.
 */
public record VersionPayload(int version, long services, long timestamp, NetworkAddress receiver, NetworkAddress sender,
                             long nonce, String userAgent, int startHeight, boolean relay) {

    /** BIP 14 caps the user agent at 256 bytes (Core {@code MAX_SUBVERSION_LENGTH}). */
    public static final int MAX_USER_AGENT_LENGTH = 256;

    /** Service bit: serves the full chain (Core {@code NODE_NETWORK}). */
    public static final long NODE_NETWORK = 1;
    /** Service bit: understands witness data (BIP 144, Core {@code NODE_WITNESS}). */
    public static final long NODE_WITNESS = 1 << 3;

    public VersionPayload {
        if (userAgent.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException("user agent longer than " + MAX_USER_AGENT_LENGTH + " bytes: " + userAgent);
        }
    }

    public BitcoinMessage toMessage() {
        PayloadWriter out = new PayloadWriter(86 + userAgent.length() + 16);
        out.i32(version).i64(services).i64(timestamp);
        receiver.write(out);
        sender.write(out);
        out.i64(nonce).varString(userAgent).i32(startHeight).u8(relay ? 1 : 0);
        return BitcoinMessage.wrap(BitcoinCommand.VERSION, out.toByteArray());
    }

    /**
     * Decodes a version payload. The relay byte is optional (absent before protocol 70001 and
     * treated as true then, as Core does); anything after it is ignored, as Core does, for
     * forward compatibility.
     */
    public static VersionPayload decode(byte[] payload) throws BitcoinProtocolException {
        PayloadReader in = new PayloadReader(BitcoinCommand.VERSION, payload);
        int version = in.i32("version");
        long services = in.i64("services");
        long timestamp = in.i64("timestamp");
        NetworkAddress receiver = NetworkAddress.read(in, "addr_recv");
        NetworkAddress sender = NetworkAddress.read(in, "addr_from");
        long nonce = in.i64("nonce");
        String userAgent = printableAscii(in.varBytes("user_agent", MAX_USER_AGENT_LENGTH));
        int startHeight = in.i32("start_height");
        boolean relay = in.remaining() == 0 || in.u8("relay") != 0;
        return new VersionPayload(version, services, timestamp, receiver, sender, nonce, userAgent, startHeight, relay);
    }

    /**
     * The user agent as we log and show it: every byte outside printable ASCII becomes '?', as Core
     * sanitises it ({@code SanitizeString}) before showing it. One character per wire byte, so the
     * result stays within {@link #MAX_USER_AGENT_LENGTH}; decoding as UTF-8 would not (a bad byte
     * becomes U+FFFD, three bytes).
     */
    private static String printableAscii(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char) bytes[i] : '?';
        }
        return new String(chars);
    }
}
