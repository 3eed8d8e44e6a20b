package org.skywave.bridge.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.kiss.KissCommand;
import org.skywave.transport.kiss.KissDeframer;
import org.skywave.transport.kiss.KissFrame;
import org.skywave.transport.kiss.KissFramer;

/**
 * An ideal radio channel for KISS clients: a TCP server on loopback that behaves as one plain
 * KISS TNC per connection (kiss-ax25.md sections 1-3), all on one channel. A DATA frame one
 * client sends is "transmitted" and handed to every other client as a received DATA frame;
 * TNC parameters and SETHARDWARE queries are taken and never answered, as a hardware TNC does.
 * Two daemons on {@code kiss-tcp} links to it hear each other as over the air, without a modem.
 */
public final class KissHub implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public KissHub() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "kiss-hub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                Thread reader = new Thread(() -> readLoop(client), "kiss-hub client " + client.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void readLoop(Socket client) {
        KissDeframer deframer = new KissDeframer(KissDeframer.DEFAULT_MAX_FRAME_BYTES, "hub", new KissDeframer.Handler() {
            @Override
            public void onFrame(KissFrame frame) {
                if (frame.command() == KissCommand.DATA) {
                    broadcast(client, KissFramer.encode(frame));
                }
            }

            @Override
            public void onError(MalformedFrameException error) {
                // a client's bad frame is lost on the air
            }
        });
        try (InputStream in = client.getInputStream()) {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                deframer.feed(buffer, 0, n);
            }
        } catch (IOException gone) {
            // the client hung up (a daemon killed, say)
        } finally {
            clients.remove(client);
        }
    }

    /** Whole frames, one writer at a time, so that two transmissions never interleave on a connection. */
    private synchronized void broadcast(Socket from, byte[] kiss) {
        for (Socket to : clients) {
            if (to != from) {
                try {
                    OutputStream out = to.getOutputStream();
                    out.write(kiss);
                    out.flush();
                } catch (IOException gone) {
                    clients.remove(to);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
