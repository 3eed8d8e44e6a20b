package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.transport.MalformedFrameException;

/**
 * A TCP peer of a station's {@code tcp-listen} link driven by a test over a plain socket:
 * length-prefixed frames out (docs/PROTOCOL.md 4.1), messages in. It behaves only as the test
 * tells it, so it can misbehave in ways a station never would.
 */
final class RawTcpPeer implements AutoCloseable {

    private final Duration timeout;
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private final DataOutputStream out;
    private final MessageCodec codec = new MessageCodec();
    private final Fragmenter fragmenter = new Fragmenter(65_536, FrameAuthenticator.NONE, false);
    private final Reassembler reassembler = new Reassembler(ReassemblerLimits.defaults(), FrameAuthenticator.NONE, System::nanoTime);

    RawTcpPeer(int port, Duration timeout) throws IOException {
        this.timeout = timeout;
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    int localPort() {
        return socket.getLocalPort();
    }

    /** Sends {@code message} framed as a station would on TCP (one frame: the MTU is 64 KiB). */
    void send(Message message) {
        fragmenter.frames(codec.encode(message)).forEach(this::send);
    }

    void send(byte[] frame) {
        try {
            out.writeInt(frame.length);
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            // A refused peer's writes may fail: what matters is that nothing it sends is taken.
        }
    }

    /** The next whole message, skipping keep-alives; fails on end of stream or timeout. */
    Message next() throws IOException {
        Optional<Message> message = read();
        if (message.isEmpty()) {
            fail("the station closed the connection instead of answering");
        }
        return message.get();
    }

    /** The next message of type {@code type}, skipping up to {@code limit} others; fails if none comes. */
    <T extends Message> T next(Class<T> type, int limit) throws IOException {
        for (int i = 0; i <= limit; i++) {
            Message message = next();
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " among the next " + (limit + 1) + " messages");
    }

    /** Reads to the end of the stream: empty if nothing came before it, else the first message that did. */
    Optional<Message> untilClosed() throws IOException {
        return read();
    }

    /** True if the station has not closed the connection within a short look. */
    boolean stillOpen() throws IOException {
        socket.setSoTimeout(300);
        try {
            int b = in.read();
            fail(b < 0 ? "the connection was closed" : "unexpected byte " + b);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout((int) timeout.toMillis());
        }
    }

    private Optional<Message> read() throws IOException {
        for (int frames = 0; frames < 1_000; frames++) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return Optional.empty();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the station neither sent a message nor closed the connection within " + timeout, e);
            } catch (SocketException e) {
                if (e.getMessage() != null && e.getMessage().contains("reset")) {
                    return Optional.empty();
                }
                throw e;
            }
            if (length == 0) {
                continue; // keep-alive
            }
            byte[] frame = new byte[length];
            in.readFully(frame);
            try {
                Optional<byte[]> whole = reassembler.accept("station", frame);
                if (whole.isPresent()) {
                    return Optional.of(codec.decode(whole.get()));
                }
            } catch (MalformedFrameException e) {
                throw new AssertionError("the station sent a malformed frame: " + e.getMessage(), e);
            }
        }
        throw new AssertionError("no whole message in 1000 frames");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
