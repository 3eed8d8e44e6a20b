package org.skywave.bridge.message;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.skywave.bridge.compact.HeaderChain;
import org.skywave.bridge.compact.TransactionCompressor;

/**
 * Writes the canonical encoding of a message with Jackson's CBOR generator: definite lengths,
 * shortest heads (Jackson's minimal-int writing), keys in ascending order, optional keys omitted.
 */
final class MessageEncoder {

    /** Room for the map and keys around the payload, so most encodings need no buffer growth. */
    private static final int STRUCTURE_BYTES = 64;

    private final CBORGenerator g;
    private final boolean compact;

    private MessageEncoder(CBORGenerator g, boolean compact) {
        this.g = g;
        this.compact = compact;
    }

    static byte[] encode(CBORFactory factory, Message message, boolean compact) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(STRUCTURE_BYTES + sizeHint(message));
        try (CBORGenerator g = (CBORGenerator) factory.createGenerator(out)) {
            new MessageEncoder(g, compact).write(message);
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; Jackson only declares it.
            throw new UncheckedIOException(e);
        }
        if (out.size() > MessageLimits.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException(message.kind() + " encodes to " + out.size()
                    + " bytes, over the limit of " + MessageLimits.MAX_MESSAGE_BYTES);
        }
        return out.toByteArray();
    }

    private static int sizeHint(Message message) {
        if (message instanceof TxMessage tx) {
            return tx.size();
        }
        return message instanceof BlockMessage block ? block.size() : 0;
    }

    private void write(Message message) throws IOException {
        switch (message.kind()) {
            case HELLO -> {
                HelloMessage m = (HelloMessage) message;
                begin(m, 7);
                key(1, m.protocolVersion());
                g.writeFieldId(2);
                g.writeBinary(m.stationId());
                g.writeFieldId(3);
                g.writeString(m.callsign());
                key(4, m.services());
                key(5, m.bestHeight());
                key(6, m.unixTime());
                key(7, m.nonce());
            }
            case PING -> {
                begin(message, 1);
                key(1, ((PingMessage) message).nonce());
            }
            case PONG -> {
                begin(message, 1);
                key(1, ((PongMessage) message).nonce());
            }
            case INV -> inventory(message, ((InvMessage) message).items());
            case GETDATA -> inventory(message, ((GetDataMessage) message).items());
            case TX -> {
                TxMessage m = (TxMessage) message;
                begin(m, 2);
                key(1, m.network().code());
                byte[] compactTx = compact && m.network().isBitcoin()
                        ? TransactionCompressor.INSTANCE.compress(m.rawView()) : null;
                if (compactTx != null && compactTx.length < m.size()) {
                    bytes(3, compactTx);
                } else {
                    bytes(2, m.rawView());
                }
            }
            case BLOCK -> {
                BlockMessage m = (BlockMessage) message;
                begin(m, 2);
                key(1, m.network().code());
                bytes(2, m.rawView());
            }
            case HEADERS -> {
                HeadersMessage m = (HeadersMessage) message;
                begin(m, 2);
                key(1, m.network().code());
                byte[] chain = compact && m.network().isBitcoin() && !m.headersView().isEmpty()
                        && m.headersView().stream().allMatch(h -> h.length == Network.BITCOIN_HEADER_BYTES)
                        ? HeaderChain.encode(m.headersView()) : null;
                if (chain != null) {
                    bytes(3, chain);
                } else {
                    bytesList(2, m.headersView());
                }
            }
            case GETHEADERS -> {
                GetHeadersMessage m = (GetHeadersMessage) message;
                begin(m, 3);
                key(1, m.network().code());
                hashList(2, m.locator());
                g.writeFieldId(3);
                hash(m.stopHash());
            }
            case CMPCTBLOCK -> compactBlock((CompactBlockMessage) message);
            case GETBLOCKTXN -> {
                GetBlockTxnMessage m = (GetBlockTxnMessage) message;
                begin(m, 3);
                key(1, m.network().code());
                g.writeFieldId(2);
                hash(m.blockHash());
                g.writeFieldId(3);
                g.writeStartArray(null, m.indexes().size());
                for (int index : m.indexes()) {
                    g.writeNumber(index);
                }
                g.writeEndArray();
            }
            case BLOCKTXN -> {
                BlockTxnMessage m = (BlockTxnMessage) message;
                begin(m, 3);
                key(1, m.network().code());
                g.writeFieldId(2);
                hash(m.blockHash());
                bytesList(3, m.transactionsView());
            }
            case MEMPOOL -> {
                begin(message, 1);
                key(1, ((MempoolMessage) message).network().code());
            }
            case ADDR -> {
                List<PeerAddress> peers = ((AddrMessage) message).peers();
                begin(message, 1);
                g.writeFieldId(1);
                g.writeStartArray(null, peers.size());
                for (PeerAddress peer : peers) {
                    g.writeStartArray(null, 3);
                    g.writeString(peer.uri());
                    g.writeNumber(peer.services());
                    g.writeNumber(peer.lastSeenTime());
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            case ACK -> {
                AckMessage m = (AckMessage) message;
                begin(m, m.prefixes().isEmpty() ? 1 : 2);
                hashList(1, m.ids()); // always present, even empty: older decoders require key 1
                if (!m.prefixes().isEmpty()) {
                    bytesList(2, m.prefixes().stream().map(IdPrefix::toByteArray).toList());
                }
            }
            case REJECT -> {
                RejectMessage m = (RejectMessage) message;
                begin(m, 2 + (m.rejectedId().isPresent() ? 1 : 0) + (m.rejectedKind().isPresent() ? 1 : 0));
                key(1, m.reason().code());
                if (m.rejectedId().isPresent()) {
                    g.writeFieldId(2);
                    hash(m.rejectedId().get());
                }
                if (m.rejectedKind().isPresent()) {
                    key(3, m.rejectedKind().getAsInt());
                }
                g.writeFieldId(4);
                g.writeString(m.text());
            }
            default -> throw new IllegalStateException("no encoding for " + message.kind());
        }
        g.writeEndObject();
    }

    private void compactBlock(CompactBlockMessage m) throws IOException {
        begin(m, 5);
        key(1, m.network().code());
        bytes(2, m.headerView());
        key(3, m.nonce());
        long[] ids = m.shortIdsView();
        byte[] packed = new byte[ids.length * MessageLimits.SHORT_ID_BYTES];
        for (int i = 0; i < ids.length; i++) {
            for (int b = 0; b < MessageLimits.SHORT_ID_BYTES; b++) {
                packed[i * MessageLimits.SHORT_ID_BYTES + b] = (byte) (ids[i] >>> (8 * b)); // little-endian, as BIP 152
            }
        }
        bytes(4, packed);
        g.writeFieldId(5);
        g.writeStartArray(null, m.prefilled().size());
        for (PrefilledTransaction p : m.prefilled()) {
            g.writeStartArray(null, 2);
            g.writeNumber(p.index());
            g.writeBinary(p.rawView());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private void inventory(Message message, List<InventoryItem> items) throws IOException {
        begin(message, 1);
        g.writeFieldId(1);
        g.writeStartArray(null, items.size());
        for (InventoryItem item : items) {
            g.writeStartArray(null, 2);
            g.writeNumber(item.type().code());
            hash(item.hash());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** The map head for key 0 plus {@code keys} more, and key 0 itself. */
    private void begin(Message message, int keys) throws IOException {
        g.writeStartObject(null, keys + 1);
        key(0, message.kind().code());
    }

    private void key(int key, long value) throws IOException {
        g.writeFieldId(key);
        g.writeNumber(value);
    }

    private void bytes(int key, byte[] value) throws IOException {
        g.writeFieldId(key);
        g.writeBinary(value);
    }

    private void hash(MessageId id) throws IOException {
        g.writeBinary(id.toByteArray());
    }

    private void bytesList(int key, List<byte[]> list) throws IOException {
        g.writeFieldId(key);
        g.writeStartArray(null, list.size());
        for (byte[] bytes : list) {
            g.writeBinary(bytes);
        }
        g.writeEndArray();
    }

    private void hashList(int key, List<MessageId> ids) throws IOException {
        g.writeFieldId(key);
        g.writeStartArray(null, ids.size());
        for (MessageId id : ids) {
            hash(id);
        }
        g.writeEndArray();
    }
}
