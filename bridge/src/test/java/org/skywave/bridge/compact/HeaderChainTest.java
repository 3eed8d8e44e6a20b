package org.skywave.bridge.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.message.HeadersMessage;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Network;

class HeaderChainTest {

    /**
     * A chain of 2,016 headers (one retarget period) built from the real checkpoint headers: each
     * takes the version, merkle root and nonce of a real header in turn, the bits of the real header
     * that opens the period, a previous hash that is the hash of the header before (as in any
     * chain), and times 1 to 1,200 s apart. Only the links and the times are made up: the file's
     * headers are 2,016 blocks apart, so they do not chain.
     */
    static List<byte[]> chainFromCheckpoints(int count, long seed) throws Exception {
        List<byte[]> real = MainnetData.checkpointHeaders();
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> chain = new ArrayList<>(count);
        byte[] first = real.get(real.size() - 1);
        chain.add(first);
        long time = le32(first, 68);
        for (int i = 1; i < count; i++) {
            byte[] h = real.get(i % real.size()).clone();
            System.arraycopy(HeaderChain.blockHash(chain.get(i - 1)), 0, h, 4, 32);
            time += 1 + random.nextInt(1200);
            for (int b = 0; b < 4; b++) {
                h[68 + b] = (byte) (time >>> (8 * b));
            }
            System.arraycopy(first, 72, h, 72, 4);
            chain.add(h);
        }
        return chain;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    @Test
    void aChainOf2016HeadersTakesAtMostHalfOf80BytesEach() throws Exception {
        List<byte[]> chain = chainFromCheckpoints(2016, 1);
        byte[] compact = HeaderChain.encode(chain);
        assertTrue(compact.length <= 2016 * 40, compact.length + " bytes for 2016 headers");
        List<byte[]> back = HeaderChain.decode(compact, 2016);
        assertEquals(chain.size(), back.size());
        for (int i = 0; i < chain.size(); i++) {
            assertArrayEquals(chain.get(i), back.get(i), "header " + i);
        }
    }

    @Test
    void theRealCheckpointsRoundTripThoughNothingChains() throws Exception {
        List<byte[]> real = MainnetData.checkpointHeaders();
        assertEquals(436, real.size());
        List<byte[]> back = HeaderChain.decode(HeaderChain.encode(real), 2000);
        for (int i = 0; i < real.size(); i++) {
            assertArrayEquals(real.get(i), back.get(i), "header " + i);
        }
    }

    @Test
    void headersMessageCarriesTheCompactChainAsKey3() throws Exception {
        HeadersMessage m = new HeadersMessage(Network.BITCOIN_MAINNET, chainFromCheckpoints(2000, 2));
        byte[] plain = MessageCodec.INSTANCE.encode(m);
        byte[] compact = MessageCodec.INSTANCE.encodeCompact(m);
        assertTrue(compact.length * 2 < plain.length, compact.length + " vs " + plain.length);
        assertEquals(m, MessageCodec.INSTANCE.decode(compact));
        assertEquals(m.id(), MessageCodec.INSTANCE.decode(compact).id());
    }

    @Test
    void truncatedOrReservedInputFailsCleanly() throws Exception {
        byte[] compact = HeaderChain.encode(chainFromCheckpoints(3, 3));
        for (int n = 0; n < compact.length; n++) {
            byte[] cut = Arrays.copyOf(compact, n);
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> HeaderChain.decode(cut, 10));
            assertTrue(e.getMessage().startsWith("compact header chain: "), e.getMessage());
        }
        byte[] reserved = compact.clone();
        reserved[1] |= (byte) 0x80;
        assertTrue(assertThrows(MalformedMessageException.class, () -> HeaderChain.decode(reserved, 10))
                .getMessage().contains("reserved flag bits"));
        assertTrue(assertThrows(MalformedMessageException.class, () -> HeaderChain.decode(compact, 2))
                .getMessage().contains("header count 3 exceeds the limit of 2"));
    }
}
