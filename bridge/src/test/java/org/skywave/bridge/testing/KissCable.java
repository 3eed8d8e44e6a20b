package org.skywave.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.kiss.KissCommand;
import org.skywave.transport.kiss.KissDeframer;
import org.skywave.transport.kiss.KissFrame;
import org.skywave.transport.kiss.KissFramer;

/**
 * Two KISS-over-TCP ports joined by a perfect radio channel, so that two daemons can be radio
 * stations to each other without audio: every KISS data frame one side sends arrives at the
 * other at once. It answers Direwolf's SetHardware queries ({@code TNC:} with {@code DIREWOLF},
 * {@code TXBUF:} with {@code TXBUF:0}, as Direwolf 1.6+ does, docs "Direwolf KISS extensions"),
 * so the stations send as fast as their links allow and the figures measure the stations, not
 * airtime. A test fixture (the benchmarks have its twin): no carrier sense, no loss.
 */
public final class KissCable implements AutoCloseable {

    private final ServerSocket[] servers = new ServerSocket[2];
    private final Socket[] sockets = new Socket[2];

    public KissCable(int portA, int portB) throws IOException {
        servers[0] = new ServerSocket(portA, 1, InetAddress.getLoopbackAddress());
        servers[1] = new ServerSocket(portB, 1, InetAddress.getLoopbackAddress());
        for (int side = 0; side < 2; side++) {
            int s = side;
            Thread thread = new Thread(() -> serve(s), "KISS cable end " + side);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(int side) {
        while (!servers[side].isClosed()) {
            try (Socket socket = servers[side].accept()) {
                socket.setTcpNoDelay(true);
                synchronized (this) {
                    sockets[side] = socket;
                }
                KissDeframer deframer = new KissDeframer(KissDeframer.DEFAULT_MAX_FRAME_BYTES, "cable end " + side,
                        new KissDeframer.Handler() {
                            @Override
                            public void onFrame(KissFrame frame) {
                                handle(side, frame);
                            }

                            @Override
                            public void onError(MalformedFrameException error) {
                                // A perfect channel carries only what the stations send; nothing to do.
                            }
                        });
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    deframer.feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // The station went away; wait for it to connect again.
            }
        }
    }

    private void handle(int side, KissFrame frame) {
        if (frame.command() == KissCommand.SETHARDWARE) {
            String query = new String(frame.payload(), StandardCharsets.US_ASCII);
            String reply = query.startsWith("TNC:") ? "DIREWOLF 1.7" : query.startsWith("TXBUF:") ? "TXBUF:0" : null;
            if (reply != null) {
                send(side, new KissFrame(frame.port(), KissCommand.SETHARDWARE, reply.getBytes(StandardCharsets.US_ASCII)));
            }
        } else if (frame.command() == KissCommand.DATA) {
            send(1 - side, frame);
        }
    }

    private synchronized void send(int side, KissFrame frame) {
        Socket socket = sockets[side];
        if (socket == null || socket.isClosed()) {
            return; // nobody listening at that end: lost, as on the air
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(KissFramer.encode(frame));
            out.flush();
        } catch (IOException e) {
            // That end went away.
        }
    }

    @Override
    public void close() throws IOException {
        servers[0].close();
        servers[1].close();
    }
}
