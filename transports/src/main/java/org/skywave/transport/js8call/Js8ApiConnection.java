package org.skywave.transport.js8call;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.skywave.transport.support.Backoff;
import org.tinylog.Logger;

/**
 * The TCP connection to JS8Call's API: one JSON object a line each way (js8call.md section 1).
 * Dials, reads lines of at most {@link Js8ApiMessage#MAX_LINE_CHARS} on a thread of its own and
 * hands each parsed message to {@link Handler}; redials with a growing pause when JS8Call is not
 * there or goes away, until closed. Malformed lines are counted, logged once, and skipped.
 */
final class Js8ApiConnection {

    /** What the connection reports; called on the connection's reader thread. */
    interface Handler {
        void connected();

        void message(Js8ApiMessage message);

        void disconnected(String reason);
    }

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final Duration MIN_REDIAL = Duration.ofMillis(500);
    static final Duration MAX_REDIAL = Duration.ofSeconds(15);

    private final String host;
    private final int port;
    private final Handler handler;
    private final Thread reader;
    private final AtomicLong malformedLines = new AtomicLong();
    private final Object writeLock = new Object();

    private volatile boolean closed;
    private volatile Socket socket;

    Js8ApiConnection(String host, int port, Handler handler) {
        this.host = host;
        this.port = port;
        this.handler = handler;
        this.reader = new Thread(this::run, "js8call-api " + describe());
        reader.setDaemon(true);
    }

    String describe() {
        return host + ":" + port;
    }

    void start() {
        reader.start();
    }

    long malformedLines() {
        return malformedLines.get();
    }

    /** Writes one message; false if not connected (the caller retries after the next connect). */
    boolean send(Js8ApiMessage message) {
        Socket s = socket;
        if (s == null) {
            return false;
        }
        byte[] line = (message.toLine() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            try {
                OutputStream out = s.getOutputStream();
                out.write(line);
                out.flush();
                return true;
            } catch (IOException e) {
                closeQuietly(s);
                return false;
            }
        }
    }

    void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            closeQuietly(s);
        }
        reader.interrupt();
    }

    private void run() {
        Backoff redial = new Backoff(MIN_REDIAL, MAX_REDIAL, Backoff.Jitter.FULL, ThreadLocalRandom.current());
        while (!closed) {
            String reason;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                s.setTcpNoDelay(true);
                socket = s;
                redial.reset();
                handler.connected();
                readLines(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                reason = "JS8Call closed the API connection";
            } catch (IOException e) {
                reason = "JS8Call API at " + describe() + " unreachable: " + e.getMessage();
            } catch (RuntimeException e) {
                reason = "unexpected error on the JS8Call API connection: " + e;
                Logger.error(e, "{}: {}", describe(), reason);
            }
            boolean wasConnected = socket != null;
            socket = null;
            if (closed) {
                break;
            }
            Duration pause = redial.next();
            handler.disconnected(reason + (wasConnected ? "" : "; retrying in " + pause.toMillis() + " ms"));
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private void readLines(Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean overlong = false;
        char[] buffer = new char[4096];
        int n;
        while (!closed && (n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (c != '\n') {
                    if (line.length() < Js8ApiMessage.MAX_LINE_CHARS) {
                        line.append(c);
                    } else {
                        overlong = true;
                    }
                    continue;
                }
                if (overlong) {
                    malformed(new Js8FormatException("JS8Call API line longer than " + Js8ApiMessage.MAX_LINE_CHARS
                            + " characters, skipped"));
                } else if (!line.toString().isBlank()) {
                    try {
                        handler.message(Js8ApiMessage.parse(line.toString().strip()));
                    } catch (Js8FormatException e) {
                        malformed(e);
                    }
                }
                line.setLength(0);
                overlong = false;
            }
        }
    }

    private void malformed(Js8FormatException e) {
        long count = malformedLines.incrementAndGet();
        if (count == 1) {
            Logger.warn("{}: {} (further malformed lines are counted, not logged)", describe(), e.getMessage());
        } else {
            Logger.debug("{}: {}", describe(), e.getMessage());
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
