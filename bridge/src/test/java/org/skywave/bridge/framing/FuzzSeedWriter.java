package org.skywave.bridge.framing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageArbitraries;
import org.skywave.bridge.message.MessageCodec;

/**
 * Writes the seed corpora of the fuzz targets that need real encodings: CBOR messages for
 * {@code MessageCodecFuzzTest}, frames from the {@link Fragmenter} (plain, compressed, tagged,
 * fragmented) for {@code FrameHeaderFuzzTest} and {@code ReassemblerFuzzTest}, and Deflate
 * streams for {@code CompressorFuzzTest}. Seeded, so the corpora it writes are reproducible:
 * {@code java -cp <test classpath> org.skywave.bridge.framing.FuzzSeedWriter bridge/src/test/resources}.
 */
public final class FuzzSeedWriter {

    private FuzzSeedWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args[0], "org", "skywave", "bridge");
        Path messages = resources.resolve("message/MessageCodecFuzzTestInputs/decodes");
        Path headers = resources.resolve("framing/FrameHeaderFuzzTestInputs/decodes");
        Path reassembly = resources.resolve("framing/ReassemblerFuzzTestInputs/reassembles");
        Path deflate = resources.resolve("framing/CompressorFuzzTestInputs/decompresses");
        for (Path dir : List.of(messages, headers, reassembly, deflate)) {
            Files.createDirectories(dir);
        }
        List<Message> samples = MessageArbitraries.samples(14, 40);
        for (int i = 0; i < samples.size(); i++) {
            Message message = samples.get(i);
            byte[] encoded = MessageCodec.INSTANCE.encode(message);
            Files.write(messages.resolve(String.format("%02d-%s", i, message.getClass().getSimpleName())), encoded);
        }
        Random random = new Random(14);
        int n = 0;
        for (boolean tagged : new boolean[] {false, true}) {
            FrameAuthenticator authenticator = tagged ? new Crc32Authenticator() : FrameAuthenticator.NONE;
            for (boolean compression : new boolean[] {false, true}) {
                for (int mtu : new int[] {64, 256}) {
                    Fragmenter fragmenter = new Fragmenter(mtu, authenticator, compression, random.nextInt(256));
                    byte[] message = FramingSamples.message(random, 40 + random.nextInt(600), compression ? 8 : 256);
                    List<byte[]> frames = fragmenter.frames(message, random.nextInt(4));
                    String name = String.format("%02d-mtu%d%s%s", n++, mtu, compression ? "-deflate" : "", tagged ? "-crc" : "");
                    Files.write(headers.resolve(name), frames.get(0));
                    Files.write(reassembly.resolve(name), reassemblyInput(tagged, frames, random));
                }
            }
        }
        Compressor compressor = Compressor.standard();
        for (int i = 0; i < 6; i++) {
            byte[] input = FramingSamples.message(random, 50 + 100 * i, 4 + 40 * i);
            byte[] compressed = compressor.compress(input).orElse(input);
            // CompressorFuzzTest reads its output limit from the last 4 bytes (FuzzedDataProvider takes ints from the end).
            byte[] seed = java.util.Arrays.copyOf(compressed, compressed.length + 4);
            int limit = input.length + i * 10;
            seed[seed.length - 4] = (byte) (limit >>> 24);
            seed[seed.length - 3] = (byte) (limit >>> 16);
            seed[seed.length - 2] = (byte) (limit >>> 8);
            seed[seed.length - 1] = (byte) limit;
            Files.write(deflate.resolve(String.format("%02d-deflate", i)), seed);
        }
    }

    /** The fragments of one message, shuffled, from sender 0, a second apart, one of them twice. */
    private static byte[] reassemblyInput(boolean tagged, List<byte[]> frames, Random random) {
        List<byte[]> order = new ArrayList<>(frames);
        order.add(frames.get(random.nextInt(frames.size())));
        java.util.Collections.shuffle(order, random);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(tagged ? 1 : 0);
        for (byte[] frame : order) {
            out.writeBytes(ReassemblerFuzzTest.record(0, 1, frame));
        }
        return out.toByteArray();
    }
}
