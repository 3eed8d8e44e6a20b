package org.skywave.bridge.compact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * Bitcoin's merkle root of a block's txids (double SHA-256 pairs, the last one paired with itself
 * on an odd level), to check a rebuilt block against its header. The txid of a segwit transaction
 * is the hash of its serialization without marker, flag and witnesses.
 */
final class MerkleRoot {

    private MerkleRoot() {
    }

    static void check(RawBlock block) throws MalformedMessageException {
        List<byte[]> level = new ArrayList<>(block.transactions().size());
        for (byte[] tx : block.transactions()) {
            level.add(doubleSha(txidBytes(tx)));
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                byte[] left = level.get(i);
                byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
                byte[] pair = Arrays.copyOf(left, 64);
                System.arraycopy(right, 0, pair, 32, 32);
                up.add(doubleSha(pair));
            }
            level = up;
        }
        byte[] header = block.header();
        byte[] expected = Arrays.copyOfRange(header, 36, 68);
        if (level.isEmpty() || !Arrays.equals(level.get(0), expected)) {
            throw new MalformedMessageException("rebuilt block's merkle root does not match its header: a wrong"
                    + " transaction was taken for a short id, or one sent is not the block's", -1);
        }
    }

    private static byte[] txidBytes(byte[] tx) throws MalformedMessageException {
        WireTransaction.Parsed parsed = WireTransaction.parse(tx, 0);
        if (!parsed.tx().segwit()) {
            return tx;
        }
        WireTransaction t = parsed.tx();
        return new WireTransaction(t.version(), false, t.inputs(), t.outputs(), t.lockTime()).serialize();
    }

    private static byte[] doubleSha(byte[] data) {
        return PublicKeys.sha256(PublicKeys.sha256(data));
    }
}
