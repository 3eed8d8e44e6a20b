package org.skywave.bridge.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.demo.DemoTransactions;
import org.skywave.bridge.demo.SampleTransactions;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageLimits;
import org.skywave.bridge.message.Network;

class TransactionCompressorTest {

    private static final TransactionCompressor C = TransactionCompressor.INSTANCE;

    private static byte[] roundTrip(byte[] tx) throws MalformedMessageException {
        byte[] compact = C.compress(tx);
        byte[] back = C.decompress(compact, MessageLimits.MAX_PAYLOAD_BYTES);
        assertArrayEquals(tx, back, () -> "round trip of " + HexFormat.of().formatHex(tx));
        assertEquals(Network.BITCOIN_MAINNET.transactionId(tx), Network.BITCOIN_MAINNET.transactionId(back));
        return compact;
    }

    @Nested
    @DisplayName("real mainnet blocks (../shared/data/bitcoin-mainnet)")
    class Mainnet {

        @Test
        void everyTransactionOfEveryBlockRoundTripsAndAllTogetherShrinkByAQuarter() throws Exception {
            List<byte[]> txs = MainnetData.allTransactions();
            assertEquals(2656, txs.size(), "the README counts 2,656 transactions");
            long wire = 0;
            long compact = 0;
            int structured = 0;
            for (byte[] tx : txs) {
                byte[] c = roundTrip(tx);
                wire += tx.length;
                compact += c.length;
                structured += (c[0] & 0xff) == TransactionCompressor.RAW ? 0 : 1;
            }
            assertEquals(txs.size(), structured, "every mainnet transaction has a structured form");
            double saved = 1 - (double) compact / wire;
            assertTrue(saved >= 0.25, "saved " + saved + " (" + wire + " wire bytes, " + compact + " compact)");
        }

        @Test
        void theSegwitBlockKeepsItsP2shP2wpkhSpendExact() throws Exception {
            RawBlock block = MainnetData.block("block_542213.bin");
            for (byte[] tx : block.transactions()) {
                byte[] c = roundTrip(tx);
                assertTrue(c.length < tx.length, "smaller: " + c.length + " < " + tx.length);
            }
        }
    }

    @Nested
    @DisplayName("sample transactions")
    class Samples {

        @Test
        void everySampleShapeRoundTripsAndIsSmaller() throws Exception {
            for (byte[] tx : new SampleTransactions(7).next(2000)) {
                byte[] c = roundTrip(tx);
                assertTrue(c.length < tx.length, c.length + " < " + tx.length);
            }
        }

        @Test
        void demoTransactionsRoundTrip() throws Exception {
            DemoTransactions demo = new DemoTransactions(new SplittableRandom(1));
            for (int i = 0; i < 500; i++) {
                byte[] tx = demo.next();
                assertTrue(roundTrip(tx).length < tx.length);
            }
        }
    }

    @Nested
    @DisplayName("forms spelled out byte for byte")
    class Golden {

        @Test
        void aOneInputTwoOutputP2wpkhSpendMatchesProtocolExample() throws Exception {
            byte[] tx = HexFormat.of().parseHex(ProtocolExample.TX_HEX);
            assertEquals(ProtocolExample.COMPACT_HEX, HexFormat.of().formatHex(roundTrip(tx)));
        }

        @Test
        void bytesThatAreNoTransactionGoAsTheyAre() throws Exception {
            byte[] junk = {1, 2, 3};
            assertEquals("80010203", HexFormat.of().formatHex(roundTrip(junk)));
        }

        @Test
        void aTransactionWithTrailingBytesGoesAsItIs() throws Exception {
            byte[] tx = new SampleTransactions(1).next();
            byte[] longer = java.util.Arrays.copyOf(tx, tx.length + 1);
            assertEquals(TransactionCompressor.RAW, roundTrip(longer)[0] & 0xff);
        }

        @Test
        void nonMinimalCountsAndNonStrictSignaturesStayExact() throws Exception {
            // Input count 01 written as fd 01 00: the structured form would lose it, so it goes raw.
            byte[] tx = new SampleTransactions(2).next();
            int countAt = (tx[4] == 0 && tx[5] == 1) ? 6 : 4;
            byte[] padded = new byte[tx.length + 2];
            System.arraycopy(tx, 0, padded, 0, countAt);
            padded[countAt] = (byte) 0xfd;
            padded[countAt + 1] = tx[countAt];
            padded[countAt + 2] = 0;
            System.arraycopy(tx, countAt + 1, padded, countAt + 3, tx.length - countAt - 1);
            assertEquals(TransactionCompressor.RAW, roundTrip(padded)[0] & 0xff);
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        @Test
        void truncatedCompactFormFailsNamingTheField() throws Exception {
            byte[] compact = C.compress(new SampleTransactions(3).next());
            for (int n = 1; n < compact.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(compact, n);
                MalformedMessageException e = assertThrows(MalformedMessageException.class,
                        () -> C.decompress(cut, MessageLimits.MAX_PAYLOAD_BYTES), "cut at " + n);
                assertTrue(e.getMessage().startsWith("compact transaction: "), e.getMessage());
            }
        }

        @Test
        void reservedHeaderBitsAreRefused() {
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> C.decompress(new byte[] {0x13, 0, 0}, 1000));
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        }

        @Test
        void aBackReferenceBeforeTheFirstInputIsRefused() {
            // version 1, 1 input, 0 outputs; input header: back-reference, distance 0.
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> C.decompress(new byte[] {0x00, 1, 0, 0x10, 0}, 1000));
            assertTrue(e.getMessage().contains("refers back 1 inputs, only 0 before it"), e.getMessage());
        }

        @Test
        void expansionPastTheLimitIsRefused() throws Exception {
            byte[] tx = MainnetData.block("block_345003.bin").transactions().get(5);
            byte[] compact = C.compress(tx);
            MalformedMessageException e = assertThrows(MalformedMessageException.class,
                    () -> C.decompress(compact, tx.length - 1));
            assertTrue(e.getMessage().contains("exceeds the limit of " + (tx.length - 1)), e.getMessage());
        }
    }
}
