package org.skywave.bridge.node.bitcoin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.skywave.transport.ByteDump;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.MalformedFrameException;

/**
 * Splits a TCP byte stream from a Bitcoin peer into {@link BitcoinMessage}s (header layout in
 * {@link BitcoinMessageCodec}; https://en.bitcoin.it/wiki/Protocol_documentation#Message_structure).
 *
 * <p>A stream has no way to resynchronise after a bad header, so the first bad magic, command,
 * oversized length or checksum raises a {@link BitcoinProtocolException} (a {@link FrameTooLongException}
 * for an oversized length) and the decoder turns
 * terminal: it discards everything after it, and the peer handler closes the connection. One
 * decoder per connection.
 */
public final class BitcoinFrameDecoder extends ByteToMessageDecoder {

    private final int magic;
    private final int maxPayloadLength;
    private boolean failed;

    public BitcoinFrameDecoder(int magic) {
        this(magic, BitcoinMessageCodec.MAX_PROTOCOL_MESSAGE_LENGTH);
    }

    public BitcoinFrameDecoder(int magic, int maxPayloadLength) {
        if (maxPayloadLength < 0 || maxPayloadLength > BitcoinMessageCodec.MAX_PROTOCOL_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("maxPayloadLength must be in 0.." + BitcoinMessageCodec.MAX_PROTOCOL_MESSAGE_LENGTH
                    + ": " + maxPayloadLength);
        }
        this.magic = magic;
        this.maxPayloadLength = maxPayloadLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws MalformedFrameException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < BitcoinMessageCodec.HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int gotMagic = in.getIntLE(start);
        if (gotMagic != magic) {
            fail(in);
            throw new BitcoinProtocolException("bad magic " + BitcoinNetwork.magicToWireHex(gotMagic) + ", expected "
                    + BitcoinNetwork.magicToWireHex(magic) + " (wrong network or not a Bitcoin peer); header "
                    + headerPreview(in, start));
        }
        byte[] commandField = new byte[BitcoinMessageCodec.COMMAND_LENGTH];
        in.getBytes(start + 4, commandField);
        String command;
        try {
            command = BitcoinMessageCodec.decodeCommand(commandField);
        } catch (BitcoinProtocolException e) {
            fail(in);
            throw new BitcoinProtocolException(e.getMessage() + "; header " + headerPreview(in, start));
        }
        long length = in.getUnsignedIntLE(start + 16);
        if (length > maxPayloadLength) {
            fail(in);
            throw new FrameTooLongException("'" + command + "' payload length " + length + " exceeds the limit of "
                    + maxPayloadLength + " bytes (MAX_PROTOCOL_MESSAGE_LENGTH)");
        }
        if (in.readableBytes() < BitcoinMessageCodec.HEADER_LENGTH + length) {
            return;
        }
        byte[] checksum = new byte[BitcoinMessageCodec.CHECKSUM_LENGTH];
        in.getBytes(start + 20, checksum);
        byte[] payload = new byte[(int) length];
        in.getBytes(start + BitcoinMessageCodec.HEADER_LENGTH, payload);
        byte[] expected = BitcoinMessageCodec.checksum(payload);
        if (!Arrays.equals(checksum, expected)) {
            fail(in);
            throw new BitcoinProtocolException("'" + command + "' checksum " + HexFormat.of().formatHex(checksum)
                    + " != " + HexFormat.of().formatHex(expected) + " computed over the " + length + "-byte payload "
                    + ByteDump.preview(payload));
        }
        in.skipBytes(BitcoinMessageCodec.HEADER_LENGTH + (int) length);
        out.add(BitcoinMessage.wrap(command, payload));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws MalformedFrameException {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int have = in.readableBytes();
            String wanted = have >= BitcoinMessageCodec.HEADER_LENGTH
                    ? (BitcoinMessageCodec.HEADER_LENGTH + in.getUnsignedIntLE(in.readerIndex() + 16)) + " bytes"
                    : "a " + BitcoinMessageCodec.HEADER_LENGTH + "-byte header";
            in.skipBytes(have);
            throw new BitcoinProtocolException("connection closed in the middle of a message: have " + have
                    + " bytes of " + wanted);
        }
    }

    private void fail(ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
    }

    private static String headerPreview(ByteBuf in, int start) {
        byte[] header = new byte[BitcoinMessageCodec.HEADER_LENGTH];
        in.getBytes(start, header);
        return ByteDump.preview(header);
    }
}
