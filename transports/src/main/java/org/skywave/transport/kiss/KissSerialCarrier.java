package org.skywave.transport.kiss;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * KISS over a serial line (a USB TNC, or Direwolf's pseudo-terminal) through jSerialComm. The
 * device path is opened again every {@link #REOPEN_MILLIS} after it fails or disappears, so a
 * TNC that is unplugged and plugged back (best named by its stable {@code /dev/serial/by-id/}
 * path or a udev symlink) comes back by itself.
 */
final class KissSerialCarrier implements KissCarrier {

    static final long REOPEN_MILLIS = 1_000;
    /** Short read timeout so that close() is noticed promptly by the reader thread. */
    static final int READ_TIMEOUT_MILLIS = 200;
    static final int WRITE_TIMEOUT_MILLIS = 5_000;

    private final String path;
    private final int baud;
    private final int maxFrameBytes;
    private final Object writeLock = new Object();
    private volatile SerialPort port;
    private volatile boolean closed;
    private Thread reader;

    KissSerialCarrier(String path, int baud, int maxFrameBytes) {
        this.path = path;
        this.baud = baud;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public String describe() {
        return path;
    }

    @Override
    public synchronized void start(Events events) {
        reader = new Thread(() -> readLoop(events), "kiss-serial " + path);
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(Events events) {
        boolean reportedDown = false;
        byte[] buffer = new byte[1024];
        while (!closed) {
            SerialPort candidate;
            String failure;
            try {
                candidate = SerialPort.getCommPort(path);
                candidate.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
                candidate.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
                candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                        READ_TIMEOUT_MILLIS, WRITE_TIMEOUT_MILLIS);
                failure = candidate.openPort() ? null : "cannot open " + path + " (error " + candidate.getLastErrorCode() + ")";
            } catch (SerialPortInvalidPortException e) {
                candidate = null;
                failure = "cannot open " + path + ": " + e.getMessage();
            }
            if (failure != null) {
                if (!reportedDown) {
                    reportedDown = true;
                    events.disconnected(failure + "; trying again every " + REOPEN_MILLIS + " ms");
                }
                sleep(REOPEN_MILLIS);
                continue;
            }
            reportedDown = false;
            port = candidate;
            events.connected("opened " + path + " at " + baud + " baud");
            KissDeframer deframer = new KissDeframer(maxFrameBytes, path, new KissDeframer.Handler() {
                @Override
                public void onFrame(KissFrame frame) {
                    events.frame(frame);
                }

                @Override
                public void onError(MalformedFrameException error) {
                    events.malformed(error);
                }
            });
            String reason = null;
            while (!closed) {
                int n = candidate.readBytes(buffer, buffer.length);
                if (n < 0 || !candidate.isOpen()) {
                    reason = path + " closed (TNC unplugged?)";
                    break;
                }
                deframer.feed(buffer, 0, n);
            }
            synchronized (writeLock) {
                port = null;
                candidate.closePort();
            }
            if (!closed) {
                reportedDown = true;
                events.disconnected(reason + "; trying to open it again every " + REOPEN_MILLIS + " ms");
                sleep(REOPEN_MILLIS);
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public CompletableFuture<Void> write(KissFrame frame) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        byte[] bytes = KissFramer.encode(frame);
        synchronized (writeLock) {
            SerialPort p = port;
            if (p == null) {
                result.completeExceptionally(new TransportException("TNC at " + path + " is not open"));
                return result;
            }
            int written = p.writeBytes(bytes, bytes.length);
            if (written != bytes.length) {
                Logger.warn("{}: wrote {} of {} bytes", path, written, bytes.length);
                result.completeExceptionally(new TransportException("write to " + path + " failed: " + written
                        + " of " + bytes.length + " bytes written"));
                return result;
            }
        }
        result.complete(null);
        return result;
    }

    @Override
    public void close() {
        Thread r;
        synchronized (this) {
            closed = true;
            r = reader;
        }
        if (r != null) {
            try {
                r.join(TimeUnit.MILLISECONDS.toMillis(READ_TIMEOUT_MILLIS + REOPEN_MILLIS + 500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
