package org.skywave.bridge.demo;

import java.io.ByteArrayOutputStream;
import java.util.random.RandomGenerator;

/**
 * Makes transactions shaped like real Bitcoin ones: version, legacy P2PKH inputs (outpoint,
 * DER signature and compressed public key), P2PKH outputs, lock time. One to three inputs and
 * one to four outputs give 192-590 bytes, the range most real transactions fall in. Hashes,
 * signatures and keys are random bytes: as incompressible as the real ones.
 */
public final class DemoTransactions {

    private final RandomGenerator random;

    public DemoTransactions(RandomGenerator random) {
        this.random = random;
    }

    /** One transaction in the Bitcoin wire format. */
    public byte[] next() {
        int inputs = 1 + random.nextInt(3);
        int outputs = 1 + random.nextInt(4);
        ByteArrayOutputStream tx = new ByteArrayOutputStream(600);
        writeLe32(tx, 2); // version
        tx.write(inputs);
        for (int i = 0; i < inputs; i++) {
            tx.writeBytes(randomBytes(32)); // previous transaction id
            writeLe32(tx, random.nextInt(4)); // previous output index
            byte[] signature = derSignature();
            tx.write(1 + signature.length + 1 + 33); // scriptSig length
            tx.write(signature.length);
            tx.writeBytes(signature);
            tx.write(33);
            tx.write(2 + random.nextInt(2)); // compressed public key prefix 02 or 03
            tx.writeBytes(randomBytes(32));
            writeLe32(tx, 0xfffffffe); // sequence: final except lock time
        }
        tx.write(outputs);
        for (int i = 0; i < outputs; i++) {
            long satoshis = 1_000 + (random.nextLong() & 0xff_ffffL);
            for (int b = 0; b < 8; b++) {
                tx.write((int) (satoshis >>> (8 * b)));
            }
            tx.write(25); // OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG
            tx.write(0x76);
            tx.write(0xa9);
            tx.write(20);
            tx.writeBytes(randomBytes(20));
            tx.write(0x88);
            tx.write(0xac);
        }
        writeLe32(tx, 0); // lock time
        return tx.toByteArray();
    }

    /** A DER-encoded ECDSA signature of the usual 71-72 bytes plus the SIGHASH_ALL byte. */
    private byte[] derSignature() {
        int rLength = 32 + random.nextInt(2);
        ByteArrayOutputStream der = new ByteArrayOutputStream(73);
        der.write(0x30);
        der.write(2 + rLength + 2 + 32);
        der.write(0x02);
        der.write(rLength);
        byte[] r = randomBytes(rLength);
        if (rLength == 33) {
            r[0] = 0; // a leading zero keeps a high r positive
            r[1] |= (byte) 0x80;
        } else {
            r[0] &= 0x7f;
        }
        der.writeBytes(r);
        der.write(0x02);
        der.write(32);
        byte[] s = randomBytes(32);
        s[0] &= 0x7f; // low-s form
        der.writeBytes(s);
        der.write(0x01); // SIGHASH_ALL
        return der.toByteArray();
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void writeLe32(ByteArrayOutputStream out, int value) {
        for (int b = 0; b < 4; b++) {
            out.write(value >>> (8 * b));
        }
    }
}
