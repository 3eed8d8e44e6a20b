package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitcoinPayloadsTest {

    @Test
    void headersCarryTheRegtestGenesisHeaderWithItsHash() throws Exception {
        BitcoinMessage message = HeadersPayload.toMessage(List.of(BitcoinGolden.REGTEST_GENESIS_HEADER));
        assertEquals("01" + HexFormat.of().formatHex(BitcoinGolden.REGTEST_GENESIS_HEADER) + "00",
                HexFormat.of().formatHex(message.payload()));
        List<byte[]> headers = HeadersPayload.decode(message.payload());
        assertEquals(1, headers.size());
        assertEquals(BitcoinGolden.REGTEST_GENESIS_HASH, BitcoinHashes.toDisplayHex(BitcoinHashes.blockHash(headers.get(0))));
    }

    @Test
    void refusesAHeaderWithTransactions() {
        byte[] payload = HeadersPayload.toMessage(List.of(BitcoinGolden.REGTEST_GENESIS_HEADER)).payload();
        payload[payload.length - 1] = 1;
        BitcoinProtocolException e = assertThrows(BitcoinProtocolException.class, () -> HeadersPayload.decode(payload));
        assertEquals("'headers' field header[0].tx_count at offset 81 is 1, over the limit of 0", e.getMessage());
    }

    @Test
    void refusesMoreHeadersThanCoreSends() {
        byte[] payload = {(byte) 0xfd, (byte) 0xd1, 0x07};
        BitcoinProtocolException e = assertThrows(BitcoinProtocolException.class, () -> HeadersPayload.decode(payload));
        assertEquals("'headers' field count at offset 0 is 2001, over the limit of 2000", e.getMessage());
    }

    @Test
    void namesTheFieldWhereAVersionPayloadIsCutShort() {
        byte[] full = Arrays.copyOfRange(BitcoinGolden.MAINNET_VERSION_FRAME, 24, BitcoinGolden.MAINNET_VERSION_FRAME.length);
        byte[] cut = Arrays.copyOf(full, 78);
        BitcoinProtocolException e = assertThrows(BitcoinProtocolException.class, () -> VersionPayload.decode(cut));
        assertEquals("'version' payload truncated: field nonce at offset 72 needs 8 bytes, 6 left (payload 78 bytes)", e.getMessage());
    }

    @Test
    void versionWithoutTheRelayByteMeansRelay() throws Exception {
        byte[] full = Arrays.copyOfRange(BitcoinGolden.MAINNET_VERSION_FRAME, 24, BitcoinGolden.MAINNET_VERSION_FRAME.length);
        full[full.length - 1] = 0;
        assertFalse(VersionPayload.decode(full).relay());
        assertTrue(VersionPayload.decode(Arrays.copyOf(full, full.length - 1)).relay());
    }

    /**
     * Found by BitcoinFrameDecoderFuzzTest: 256 bytes that are not UTF-8 decoded to 256 U+FFFD, 768
     * bytes, and the record refused them with an IllegalArgumentException past the decoder.
     */
    @Test
    void userAgentIsShownAsPrintableAsciiOneCharacterPerByte() throws Exception {
        byte[] agent = new byte[VersionPayload.MAX_USER_AGENT_LENGTH];
        Arrays.fill(agent, (byte) 0xFF);
        agent[0] = '/';
        agent[1] = 0x07;
        PayloadWriter out = new PayloadWriter(128 + agent.length);
        out.i32(70016).i64(1).i64(1_700_000_000L);
        NetworkAddress.unspecified().write(out);
        NetworkAddress.unspecified().write(out);
        out.i64(42).varInt(agent.length).bytes(agent).i32(100).u8(1);
        VersionPayload version = VersionPayload.decode(out.toByteArray());
        assertEquals("/" + "?".repeat(agent.length - 1), version.userAgent());
    }

    @Test
    void inventoryRoundTripsOverSeededRandomItems() throws Exception {
        long seed = 4242;
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<InventoryItem> items = new ArrayList<>();
            int count = random.nextInt(round < 2 ? 1 : 400);
            for (int i = 0; i < count; i++) {
                byte[] hash = new byte[32];
                random.nextBytes(hash);
                items.add(new InventoryItem(random.nextInt(), hash));
            }
            BitcoinMessage message = InventoryPayload.toMessage("inv", items);
            assertEquals(items, InventoryPayload.decode("inv", message.payload()), "seed " + seed + " round " + round);
        }
    }

    @Test
    void refusesAnInventoryLongerThanItsCount() {
        byte[] payload = InventoryPayload.toMessage("getdata",
                List.of(new InventoryItem(InventoryItem.MSG_TX, new byte[32]))).payload();
        byte[] longer = Arrays.copyOf(payload, payload.length + 2);
        BitcoinProtocolException e = assertThrows(BitcoinProtocolException.class, () -> InventoryPayload.decode("getdata", longer));
        assertEquals("'getdata' payload has 2 unexpected trailing bytes after offset 37 (payload 39 bytes)", e.getMessage());
    }

    @Test
    void getHeadersRoundTrips() throws Exception {
        byte[] stop = BitcoinHashes.fromDisplayHex(BitcoinGolden.REGTEST_GENESIS_HASH);
        GetHeadersPayload request = new GetHeadersPayload(70016, List.of(new byte[32]), stop);
        GetHeadersPayload decoded = GetHeadersPayload.decode(request.toMessage().payload());
        assertEquals(70016, decoded.version());
        assertArrayEquals(stop, decoded.stopHash());
        assertArrayEquals(new byte[32], decoded.locator().get(0));
        assertEquals(4 + 1 + 64, request.toMessage().payloadLength());
    }

    @Test
    void computesTxidAndWtxidOfASegwitTransaction() throws Exception {
        TransactionIds ids = TransactionIds.of(BitcoinGolden.WITNESS_TX);
        assertEquals(BitcoinGolden.WITNESS_TXID, BitcoinHashes.toDisplayHex(ids.txid()));
        assertEquals(BitcoinGolden.WITNESS_WTXID, BitcoinHashes.toDisplayHex(ids.wtxid()));
        assertTrue(ids.hasWitness());
        assertArrayEquals(BitcoinGolden.WITNESS_TX_STRIPPED, TransactionIds.withoutWitness(BitcoinGolden.WITNESS_TX));
    }

    @Test
    void legacyTransactionHasOneId() throws Exception {
        TransactionIds ids = TransactionIds.of(BitcoinGolden.LEGACY_TX);
        assertEquals(BitcoinGolden.LEGACY_TXID, BitcoinHashes.toDisplayHex(ids.txid()));
        assertArrayEquals(ids.txid(), ids.wtxid());
        assertFalse(ids.hasWitness());
        assertArrayEquals(BitcoinGolden.LEGACY_TX, TransactionIds.withoutWitness(BitcoinGolden.LEGACY_TX));
    }

    @Test
    void refusesATruncatedTransactionNamingTheField() {
        byte[] cut = Arrays.copyOf(BitcoinGolden.LEGACY_TX, BitcoinGolden.LEGACY_TX.length - 2);
        BitcoinProtocolException e = assertThrows(BitcoinProtocolException.class, () -> TransactionIds.of(cut));
        assertEquals("'tx' payload truncated: field lock_time at offset 187 needs 4 bytes, 2 left (payload 189 bytes)", e.getMessage());
    }

    @Test
    void mutatedTransactionsRaiseOnlyTheProtocolException() {
        long seed = 77;
        Random random = new Random(seed);
        int accepted = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] tx = (round % 2 == 0 ? BitcoinGolden.WITNESS_TX : BitcoinGolden.LEGACY_TX).clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                tx[random.nextInt(tx.length)] = (byte) random.nextInt(256);
            }
            byte[] mutated = random.nextInt(4) == 0 ? Arrays.copyOf(tx, random.nextInt(tx.length)) : tx;
            try {
                TransactionIds.of(mutated);
                accepted++;
            } catch (BitcoinProtocolException expected) {
                // the only exception allowed
            }
        }
        // Flipping signature or hash bytes leaves a well-formed transaction: some must pass.
        assertTrue(accepted > 0 && accepted < 2000, "seed " + seed + ": accepted " + accepted);
    }

    @Test
    void pingNonceRoundTripsAndRefusesExtraBytes() throws Exception {
        assertEquals(-5L, SmallPayloads.nonce(SmallPayloads.pong(-5L)));
        BitcoinProtocolException e = assertThrows(BitcoinProtocolException.class,
                () -> SmallPayloads.nonce(BitcoinMessage.of("ping", new byte[9])));
        assertEquals("'ping' payload has 1 unexpected trailing bytes after offset 8 (payload 9 bytes)", e.getMessage());
    }

    @Test
    void describesABcoinReject() throws Exception {
        PayloadWriter out = new PayloadWriter(64).varString("tx").u8(0x42).varString("insufficient priority")
                .bytes(BitcoinHashes.fromDisplayHex(BitcoinGolden.LEGACY_TXID));
        assertEquals("tx rejected, code 0x42 'insufficient priority' " + BitcoinGolden.LEGACY_TXID,
                SmallPayloads.describeReject(out.toByteArray()));
    }
}
