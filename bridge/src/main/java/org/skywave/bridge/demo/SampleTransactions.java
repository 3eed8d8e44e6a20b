package org.skywave.bridge.demo;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bitcoin transactions with the structure of real mainnet traffic (script types, input and output
 * counts, DER signatures, sequence numbers, values, lock times) and random hashes, keys and
 * signatures, which is what real ones look like to a compressor: high entropy around a thin
 * skeleton. The mix approximates mainnet by count: P2WPKH, P2TR, P2SH-P2WPKH, P2PKH, P2WSH 2-of-3.
 */
public final class SampleTransactions {

    private enum InputType { P2PKH, P2SH_P2WPKH, P2WPKH, P2TR, P2WSH_MULTISIG }

    private enum OutputType { P2PKH, P2SH, P2WPKH, P2WSH, P2TR }

    private final SplittableRandom random;

    public SampleTransactions(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} serialized transactions. */
    public List<byte[]> next(int count) {
        List<byte[]> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txs.add(next());
        }
        return txs;
    }

    /** One serialized transaction (BIP 144 serialization when it has a witness input). */
    public byte[] next() {
        InputType type = inputType();
        int inputs = pick(new int[] {1, 1, 1, 1, 1, 1, 2, 2, 3, 5});
        int outputs = pick(new int[] {1, 1, 2, 2, 2, 2, 2, 2, 3, 4});
        boolean segwit = type != InputType.P2PKH;
        ByteArrayOutputStream out = new ByteArrayOutputStream(600);
        writeLe(out, random.nextInt(10) < 8 ? 2 : 1, 4);
        if (segwit) {
            out.write(0x00);
            out.write(0x01);
        }
        out.write(inputs);
        long sequence = pickSequence();
        for (int i = 0; i < inputs; i++) {
            out.writeBytes(randomBytes(32));
            writeLe(out, random.nextInt(10) < 6 ? random.nextInt(2) : random.nextInt(40), 4);
            switch (type) {
                case P2PKH -> {
                    byte[] sig = signature();
                    out.write(1 + sig.length + 1 + 33);
                    out.write(sig.length);
                    out.writeBytes(sig);
                    out.write(33);
                    out.writeBytes(publicKey());
                }
                case P2SH_P2WPKH -> {
                    out.write(0x17);
                    out.write(0x16);
                    out.write(0x00);
                    out.write(0x14);
                    out.writeBytes(randomBytes(20));
                }
                default -> out.write(0x00);
            }
            writeLe(out, sequence, 4);
        }
        out.write(outputs);
        OutputType change = outputFor(type);
        for (int i = 0; i < outputs; i++) {
            writeLe(out, value(), 8);
            writeOutputScript(out, i == outputs - 1 ? change : outputType());
        }
        if (segwit) {
            for (int i = 0; i < inputs; i++) {
                writeWitness(out, type);
            }
        }
        long lockTime = random.nextInt(2) == 0 ? 0 : 840_000 + random.nextInt(80_000);
        writeLe(out, lockTime, 4);
        return out.toByteArray();
    }

    private InputType inputType() {
        int r = random.nextInt(100);
        if (r < 50) {
            return InputType.P2WPKH;
        }
        if (r < 75) {
            return InputType.P2TR;
        }
        if (r < 85) {
            return InputType.P2SH_P2WPKH;
        }
        if (r < 95) {
            return InputType.P2PKH;
        }
        return InputType.P2WSH_MULTISIG;
    }

    private OutputType outputType() {
        int r = random.nextInt(100);
        if (r < 45) {
            return OutputType.P2WPKH;
        }
        if (r < 70) {
            return OutputType.P2TR;
        }
        if (r < 82) {
            return OutputType.P2SH;
        }
        if (r < 95) {
            return OutputType.P2PKH;
        }
        return OutputType.P2WSH;
    }

    private static OutputType outputFor(InputType type) {
        return switch (type) {
            case P2PKH -> OutputType.P2PKH;
            case P2SH_P2WPKH -> OutputType.P2SH;
            case P2WPKH -> OutputType.P2WPKH;
            case P2TR -> OutputType.P2TR;
            case P2WSH_MULTISIG -> OutputType.P2WSH;
        };
    }

    private void writeOutputScript(ByteArrayOutputStream out, OutputType type) {
        switch (type) {
            case P2PKH -> {
                out.writeBytes(new byte[] {0x19, 0x76, (byte) 0xa9, 0x14});
                out.writeBytes(randomBytes(20));
                out.writeBytes(new byte[] {(byte) 0x88, (byte) 0xac});
            }
            case P2SH -> {
                out.writeBytes(new byte[] {0x17, (byte) 0xa9, 0x14});
                out.writeBytes(randomBytes(20));
                out.write(0x87);
            }
            case P2WPKH -> {
                out.writeBytes(new byte[] {0x16, 0x00, 0x14});
                out.writeBytes(randomBytes(20));
            }
            case P2WSH -> {
                out.writeBytes(new byte[] {0x22, 0x00, 0x20});
                out.writeBytes(randomBytes(32));
            }
            case P2TR -> {
                out.writeBytes(new byte[] {0x22, 0x51, 0x20});
                out.writeBytes(randomBytes(32));
            }
        }
    }

    private void writeWitness(ByteArrayOutputStream out, InputType type) {
        switch (type) {
            case P2WPKH, P2SH_P2WPKH -> {
                out.write(0x02);
                byte[] sig = signature();
                out.write(sig.length);
                out.writeBytes(sig);
                out.write(33);
                out.writeBytes(publicKey());
            }
            case P2TR -> {
                out.write(0x01);
                out.write(0x40);
                out.writeBytes(randomBytes(64));
            }
            case P2WSH_MULTISIG -> {
                out.write(0x04);
                out.write(0x00);
                for (int i = 0; i < 2; i++) {
                    byte[] sig = signature();
                    out.write(sig.length);
                    out.writeBytes(sig);
                }
                out.write(0x69);
                out.write(0x52);
                for (int i = 0; i < 3; i++) {
                    out.write(0x21);
                    out.writeBytes(publicKey());
                }
                out.write(0x53);
                out.write(0xae);
            }
            default -> out.write(0x00);
        }
    }

    /** A DER ECDSA signature plus SIGHASH_ALL; low-R grinding makes most r values 32 bytes. */
    private byte[] signature() {
        byte[] r = derInteger(random.nextInt(10) < 9);
        byte[] s = derInteger(true);
        ByteArrayOutputStream sig = new ByteArrayOutputStream(73);
        sig.write(0x30);
        sig.write(2 + r.length + 2 + s.length);
        sig.write(0x02);
        sig.write(r.length);
        sig.writeBytes(r);
        sig.write(0x02);
        sig.write(s.length);
        sig.writeBytes(s);
        sig.write(0x01);
        return sig.toByteArray();
    }

    private byte[] derInteger(boolean low) {
        byte[] v = randomBytes(32);
        if (low) {
            v[0] = (byte) (v[0] & 0x7f | 0x01);
            return v;
        }
        v[0] = (byte) (v[0] | 0x80);
        byte[] padded = new byte[33];
        System.arraycopy(v, 0, padded, 1, 32);
        return padded;
    }

    private byte[] publicKey() {
        byte[] key = randomBytes(33);
        key[0] = (byte) (random.nextBoolean() ? 0x02 : 0x03);
        return key;
    }

    private long value() {
        // Log-uniform between 546 sat (dust limit) and 10 BTC, as payment amounts spread.
        double log = Math.log(546) + random.nextDouble() * (Math.log(1e9) - Math.log(546));
        return (long) Math.exp(log);
    }

    private long pickSequence() {
        int r = random.nextInt(10);
        return r < 5 ? 0xfffffffdL : r < 8 ? 0xffffffffL : 0xfffffffeL;
    }

    private int pick(int[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static void writeLe(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
