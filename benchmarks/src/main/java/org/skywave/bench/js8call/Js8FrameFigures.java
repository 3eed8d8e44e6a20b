package org.skywave.bench.js8call;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.skywave.bridge.demo.SampleTransactions;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.IdPrefix;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.transport.js8call.Js8Chunk;
import org.skywave.transport.js8call.Js8ChunkCodec;
import org.skywave.transport.js8call.Js8Speed;
import org.skywave.transport.js8call.Js8TextCodec;

/**
 * Characters, JS8 frames and minutes on the air for random 250-byte payloads written as
 * hexadecimal, Base64 and the Skywave code, at Normal and Turbo, all in one run, from JS8Call
 * 2.2's per-character code lengths ({@code js8-char-bits.txt}, beside this class). A last row
 * counts a 250-byte transaction as the JS8Call link sends it: message encoding, Skywave frame,
 * 40-byte checksummed chunks, each a directed JS8 message with its own header frames; then its
 * ACK, by whole id as on other links and by id prefix as on JS8Call links; last, Bitcoin-shaped
 * transactions of about that size as the link sends them in wire form and in compact form.
 *
 * <p>Frames are packed as JS8Call 2.2 packs data frames: characters in order while their bits fit
 * (69 bits at Normal, 71 at the other speeds); at Normal, when every remaining character has a
 * Huffman code, whichever of the two codes fits more characters. JSC dictionary words are not
 * modelled, so these are upper bounds; {@code Js8FrameCount} (transports test tree) counts the
 * frames a real JS8Call sends. Sizes, not speed: a plain program.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar org.skywave.bench.js8call.Js8FrameFigures [bytes] [samples] [seed]}
 */
public final class Js8FrameFigures {

    /** Directed header frames per JS8 message (sender and addressee), as the link profile counts them. */
    private static final int HEADER_FRAMES = Js8Speed.HEADER_FRAMES;
    private static final int CHUNK_BYTES = 40;

    private final Map<Character, Integer> jscBits = new HashMap<>();
    private final Map<Character, Integer> huffmanBits = new HashMap<>();

    Js8FrameFigures(InputStream table) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(table, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" +");
                char c = (char) Integer.parseInt(f[0].substring(2), 16);
                jscBits.put(c, Integer.parseInt(f[2]));
                if (!f[3].equals("-")) {
                    huffmanBits.put(c, Integer.parseInt(f[3]));
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 2026;
        Js8FrameFigures f;
        try (InputStream table = Js8FrameFigures.class.getResourceAsStream("js8-char-bits.txt")) {
            f = new Js8FrameFigures(table);
        }
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            payloads.add(b);
        }
        // Bitcoin-shaped transactions near the size asked, for the compact form (PROTOCOL.md 7.1).
        List<byte[]> bitcoin = new ArrayList<>();
        SampleTransactions generator = new SampleTransactions(seed);
        for (int tries = 0; bitcoin.size() < samples && tries < 100_000; tries++) {
            byte[] t = generator.next();
            if (Math.abs(t.length - size) <= size / 5) {
                bitcoin.add(t);
            }
        }
        double bitcoinBytes = bitcoin.stream().mapToInt(t -> t.length).average().orElse(size);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("hexadecimal", payloads, size, b -> List.of(HexFormat.of().withUpperCase().formatHex(b))));
        rows.add(new Row("Base64 (upper-cased: does not survive)", payloads, size,
                b -> List.of(Base64.getEncoder().withoutPadding().encodeToString(b).toUpperCase(Locale.ROOT))));
        rows.add(new Row("Skywave code", payloads, size, b -> List.of(Js8TextCodec.encode(b))));
        rows.add(new Row("Skywave link (tx message, 40-byte chunks)", payloads, size,
                b -> f.linkMessages(MessageCodec.INSTANCE.encode(tx(b)))));
        rows.add(new Row("its ACK by whole id (other links)", payloads, 0,
                b -> f.linkMessages(MessageCodec.INSTANCE.encode(new AckMessage(List.of(tx(b).id()))))));
        rows.add(new Row("its ACK by 8-byte id prefix (JS8Call links)", payloads, 0,
                b -> f.linkMessages(MessageCodec.INSTANCE.encode(
                        new AckMessage(List.of(), List.of(IdPrefix.of(tx(b).id(), IdPrefix.MIN_LENGTH)))))));
        rows.add(new Row(String.format(Locale.ROOT, "link, Bitcoin tx (%.0f B), wire form", bitcoinBytes), bitcoin, bitcoinBytes,
                b -> f.linkMessages(MessageCodec.INSTANCE.encode(tx(b)))));
        rows.add(new Row(String.format(Locale.ROOT, "link, Bitcoin tx (%.0f B), compact form", bitcoinBytes), bitcoin, bitcoinBytes,
                b -> f.linkMessages(MessageCodec.INSTANCE.encodeCompact(tx(b)))));

        System.out.printf(Locale.ROOT, "%d random %d-byte payloads and %d sample Bitcoin transactions of %d +/- %d bytes (seed %d);"
                + " JS8 messages of %d header frames each%n", samples, size, bitcoin.size(), size, size / 5, seed, HEADER_FRAMES);
        System.out.printf(Locale.ROOT, "%-44s %6s | %-29s | %-29s%n", "", "", "Normal (15 s)", "Turbo (6 s)");
        System.out.printf(Locale.ROOT, "%-44s %6s | %6s %7s %6s %6s | %6s %7s %6s %6s%n",
                "encoding", "chars", "frames", "bit/fr", "min", "x hex", "frames", "bit/fr", "min", "x hex");
        double[] hexMinutes = null;
        for (Row way : rows) {
            double chars = 0;
            double[] frames = new double[2];
            Js8Speed[] speeds = {Js8Speed.NORMAL, Js8Speed.TURBO};
            int count = way.inputs().size();
            for (byte[] p : way.inputs()) {
                for (String text : way.texts().apply(p)) {
                    chars += text.length();
                    for (int s = 0; s < speeds.length; s++) {
                        frames[s] += f.dataFrames(text, speeds[s]) + HEADER_FRAMES;
                    }
                }
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-44s %6.1f", way.name(), chars / count));
            double[] minutes = new double[2];
            for (int s = 0; s < speeds.length; s++) {
                double perPayload = frames[s] / count;
                minutes[s] = perPayload * speeds[s].period().toMillis() / 60_000.0;
                double ratio = hexMinutes == null ? 1 : minutes[s] / hexMinutes[s];
                String bits = way.payloadBytes() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", way.payloadBytes() * 8 / perPayload);
                row.append(String.format(Locale.ROOT, " | %6.1f %7s %6.1f %6.2f", perPayload, bits, minutes[s], ratio));
            }
            if (hexMinutes == null) {
                hexMinutes = minutes;
            }
            System.out.println(row);
        }
        System.out.println("frames include header frames; bit/fr = payload bits per frame sent;"
                + " x hex = minutes against the hexadecimal row (" + size + " random bytes)");
    }

    /** One line of the table: a way of writing each input as the texts JS8Call sends, and the payload bytes it carries (0: none). */
    private record Row(String name, List<byte[]> inputs, double payloadBytes, Function<byte[], List<String>> texts) {
    }

    private static TxMessage tx(byte[] raw) {
        return new TxMessage(Network.BITCOIN_MAINNET, raw);
    }

    /** The texts the JS8Call link hands JS8Call for the encoded message {@code message}. */
    private List<String> linkMessages(byte[] message) {
        Fragmenter fragmenter = new Fragmenter(Js8Speed.TURBO.profile(CHUNK_BYTES).mtu(), FrameAuthenticator.NONE, true);
        List<String> texts = new ArrayList<>();
        for (byte[] frame : fragmenter.frames(message)) {
            int count = (frame.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
            for (int i = 0; i < count; i++) {
                byte[] part = java.util.Arrays.copyOfRange(frame, i * CHUNK_BYTES, Math.min(frame.length, (i + 1) * CHUNK_BYTES));
                texts.add(Js8ChunkCodec.toText(Js8Chunk.data(0, i, count - 1, part)));
            }
        }
        return texts;
    }

    /** Data frames JS8Call needs for {@code text} at {@code speed}. */
    int dataFrames(String text, Js8Speed speed) {
        int capacity = speed.dataBitsPerFrame();
        int frames = 0;
        int at = 0;
        while (at < text.length()) {
            int taken = fits(text, at, capacity, jscBits);
            if (speed == Js8Speed.NORMAL && allCoded(text, at, huffmanBits)) {
                taken = Math.max(taken, fits(text, at, capacity, huffmanBits));
            }
            if (taken == 0) {
                throw new IllegalArgumentException("character '" + text.charAt(at) + "' at offset " + at
                        + " is not in the JS8 cost table");
            }
            at += taken;
            frames++;
        }
        return frames;
    }

    private static int fits(String text, int from, int capacity, Map<Character, Integer> bits) {
        int used = 0;
        int i = from;
        while (i < text.length()) {
            Integer b = bits.get(text.charAt(i));
            if (b == null || used + b > capacity) {
                break;
            }
            used += b;
            i++;
        }
        return i - from;
    }

    private static boolean allCoded(String text, int from, Map<Character, Integer> bits) {
        for (int i = from; i < text.length(); i++) {
            if (!bits.containsKey(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
