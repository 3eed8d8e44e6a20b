package org.skywave.transport.vara;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two TCP connections to a VARA modem, command port and data port (vara.md section 1), with
 * one reader thread each. Readers hand what they read to a {@link Sink}; writes are made by the
 * caller's thread.
 */
final class VaraModemSockets implements Closeable {

    /** Where the reader threads deliver. Called from those threads. */
    interface Sink {
        void commandBytes(byte[] bytes, int count);

        void dataBytes(byte[] bytes);

        /** A connection ended (modem closed it or crashed); called once. */
        void closed(String reason);
    }

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_BUFFER = 4096;

    private final String describe;
    private final Socket command;
    private final Socket data;
    private final OutputStream commandOut;
    private final OutputStream dataOut;
    private volatile boolean closed;

    private VaraModemSockets(String describe, Socket command, Socket data) throws IOException {
        this.describe = describe;
        this.command = command;
        this.data = data;
        this.commandOut = command.getOutputStream();
        this.dataOut = data.getOutputStream();
    }

    /** Opens command then data connection; both or neither. */
    static VaraModemSockets open(String host, int commandPort, int dataPort, Sink sink) throws IOException {
        String describe = (host.contains(":") ? "[" + host + "]" : host) + ":" + commandPort + "/" + dataPort;
        Socket command = connect(host, commandPort);
        Socket data;
        try {
            data = connect(host, dataPort);
        } catch (IOException e) {
            command.close();
            throw e;
        }
        VaraModemSockets sockets = new VaraModemSockets(describe, command, data);
        sockets.startReader(command, "command", sink, false);
        sockets.startReader(data, "data", sink, true);
        return sockets;
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to the VARA modem at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void startReader(Socket socket, String which, Sink sink, boolean isData) {
        Thread t = new Thread(() -> {
            String reason = "the modem closed its " + which + " port";
            try (InputStream in = socket.getInputStream()) {
                byte[] buf = new byte[READ_BUFFER];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    if (isData) {
                        sink.dataBytes(Arrays.copyOf(buf, n));
                    } else {
                        sink.commandBytes(buf.clone(), n);
                    }
                }
            } catch (IOException e) {
                reason = "lost the modem's " + which + " port: " + e.getMessage();
            }
            if (!closed) {
                sink.closed(reason);
            }
        }, "vara " + which + " " + describe);
        t.setDaemon(true);
        t.start();
    }

    String describe() {
        return describe;
    }

    void writeCommand(String line) throws IOException {
        commandOut.write(line.getBytes(StandardCharsets.US_ASCII));
        commandOut.flush();
    }

    void writeData(byte[] bytes) throws IOException {
        dataOut.write(bytes);
        dataOut.flush();
    }

    @Override
    public void close() {
        closed = true;
        for (Socket s : new Socket[] {command, data}) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing a socket cannot fail in a way that matters here.
            }
        }
    }
}
