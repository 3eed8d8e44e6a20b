package org.skywave.transport.js8call;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Counts the JS8 frames a real JS8Call sends for the same random bytes written three ways —
 * hexadecimal, Base64 and {@link Js8TextCodec} — by its {@code TX.FRAME} events, in one run
 * (a JS8Call pair must be up: {@code js8call-pair.sh start}). Prints characters, frames and data
 * bits per data frame for each, with ratios to hexadecimal. Header frames (sender, addressee) are
 * the same for all and are measured by sending a one-character message first.
 *
 * <p>Arguments: API port of the sending JS8Call (2442), addressee (N1CALL), payload bytes (40), seed (1).
 */
public final class Js8FrameCount {

    private Js8FrameCount() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 2442;
        String to = args.length > 1 ? args[1] : "N1CALL";
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        byte[] data = new byte[size];
        new Random(args.length > 3 ? Long.parseLong(args[3]) : 1).nextBytes(data);
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("header only", "E");
        texts.put("hexadecimal", HexFormat.of().withUpperCase().formatHex(data));
        texts.put("Base64 (upper-cased by JS8Call: does not survive)", Base64.getEncoder().withoutPadding().encodeToString(data));
        texts.put("Skywave", Js8TextCodec.encode(data));
        try (Socket s = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            int header = -1;
            double hexBits = 0;
            for (Map.Entry<String, String> e : texts.entrySet()) {
                int frames = send(in, out, to + " " + (e.getKey().equals("header only") ? e.getValue() : "#" + e.getValue()));
                if (header < 0) {
                    header = frames - 1; // the one-character message has one data frame
                    System.out.printf(Locale.ROOT, "%d bytes, %s: %d header frame(s) per message%n", size, to, header);
                    continue;
                }
                int dataFrames = frames - header;
                double bitsPerFrame = size * 8.0 / dataFrames;
                if (hexBits == 0) {
                    hexBits = bitsPerFrame;
                }
                System.out.printf(Locale.ROOT, "%-52s %4d chars %3d data frames %5.1f bits/frame (x%.2f hex)%n",
                        e.getKey(), e.getValue().length() + 1, dataFrames, bitsPerFrame, bitsPerFrame / hexBits);
            }
        }
    }

    /** Sends one message and counts its TX.FRAME events until the transmitter stays off and the box is empty. */
    private static int send(BufferedReader in, OutputStream out, String text) throws Exception {
        write(out, Js8ApiMessage.request("TX.SEND_MESSAGE", text, 1, Map.of()));
        int frames = 0;
        boolean keyed = false;
        long lastOff = 0;
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line;
            try {
                line = in.readLine();
            } catch (java.net.SocketTimeoutException idle) {
                line = null;
            }
            if (line != null && !line.isBlank()) {
                Js8ApiMessage m;
                try {
                    m = Js8ApiMessage.parse(line);
                } catch (Js8FormatException bad) {
                    continue;
                }
                if (m.type().equals("TX.FRAME")) {
                    frames++;
                    keyed = true;
                } else if (m.type().equals("RIG.PTT")) {
                    lastOff = m.value().equals("off") ? System.nanoTime() : 0;
                } else if (m.type().equals("TX.TEXT") && keyed && lastOff != 0 && m.value().isBlank()) {
                    return frames;
                }
            }
            // After the transmitter went off, a frame period without it keying again ends the message.
            if (keyed && lastOff != 0 && System.nanoTime() - lastOff > 15_000_000_000L) {
                write(out, Js8ApiMessage.request("TX.GET_TEXT", "", 2, Map.of()));
                lastOff = System.nanoTime();
            }
        }
        throw new IllegalStateException("JS8Call did not finish sending '" + text + "' in 30 minutes");
    }

    private static void write(OutputStream out, Js8ApiMessage m) throws Exception {
        out.write((m.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
