package org.skywave.bridge.compact;

import java.util.Arrays;
import org.bouncycastle.crypto.macs.SipHash;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP 152 short transaction ids: SipHash-2-4 of a transaction's hash, keyed with the first 16
 * bytes of SHA-256(header ‖ nonce as 8 bytes little-endian), cut to its low 48 bits. The hash is
 * that of the transaction's bytes as carried: the wtxid for a segwit transaction (BIP 152 version 2).
 */
final class ShortIds {

    private final byte[] key;

    ShortIds(byte[] header, long nonce) {
        byte[] input = new byte[header.length + 8];
        System.arraycopy(header, 0, input, 0, header.length);
        for (int i = 0; i < 8; i++) {
            input[header.length + i] = (byte) (nonce >>> (8 * i));
        }
        byte[] sha = PublicKeys.sha256(input);
        this.key = Arrays.copyOf(sha, 16);
    }

    /** The 48-bit short id of the transaction whose hash (internal byte order) is {@code txHash}. */
    long of(byte[] txHash) {
        SipHash sip = new SipHash(2, 4);
        sip.init(new KeyParameter(key));
        sip.update(txHash, 0, txHash.length);
        return sip.doFinal() & 0xffff_ffff_ffffL;
    }
}
