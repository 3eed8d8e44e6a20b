package org.skywave.bridge.message;

import static org.skywave.bridge.message.CborSubset.MAJOR_ARRAY;
import static org.skywave.bridge.message.CborSubset.MAJOR_BYTES;
import static org.skywave.bridge.message.CborSubset.MAJOR_MAP;
import static org.skywave.bridge.message.CborSubset.MAJOR_NEGATIVE;
import static org.skywave.bridge.message.CborSubset.MAJOR_TEXT;
import static org.skywave.bridge.message.CborSubset.MAJOR_UNSIGNED;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.skywave.bridge.compact.HeaderChain;
import org.skywave.bridge.compact.TransactionCompressor;
import org.skywave.transport.ByteDump;

/**
 * Reads one message from input {@link CborSubset} has already accepted, head by head with a cursor
 * over the bytes: every head, length and count was checked by that pass, so reading cannot run
 * past the input, and every value is checked here against its key's rules before it is built.
 * Nothing but {@link MalformedMessageException} is thrown for any input; a RuntimeException out of
 * here is a bug, and the malformed-input tests fail on it. One instance per input; not thread-safe.
 */
final class MessageDecoder {

    private final byte[] in;
    /** Offset of the next head to read. */
    private int pos;
    /** Offset of the head read last, for error messages. */
    private int headOffset;
    /** Entries of the message map not read yet. */
    private long entriesLeft;
    private MessageKind kind;
    private long key = -1;
    private int item = -1;
    private long seenKeys;

    private MessageDecoder(byte[] in) {
        this.in = in;
    }

    static Message decode(byte[] in) throws MalformedMessageException {
        if (in.length > MessageLimits.MAX_MESSAGE_BYTES) {
            throw new MalformedMessageException("message of " + in.length + " bytes exceeds the limit of "
                    + MessageLimits.MAX_MESSAGE_BYTES + " bytes", -1, RejectReason.TOO_LARGE, null);
        }
        CborSubset.check(in);
        return new MessageDecoder(in).message();
    }

    private Message message() throws MalformedMessageException {
        int mapOffset = 0;
        entriesLeft = head(); // a map, as CborSubset checked
        long first = nextKey();
        if (first != 0) {
            int offset = first < 0 ? 0 : tokenOffset();
            key = -1;
            throw fail(first < 0 ? "missing required key 0 (kind)"
                    : "key 0 (kind) must be the first key, got key " + Long.toUnsignedString(first), offset);
        }
        long code = readUnsigned(Integer.MAX_VALUE);
        kind = MessageKind.byCode(code);
        if (kind == null) {
            throw new UnknownKindException((int) code, tokenOffset());
        }
        try {
            return switch (kind) {
                case HELLO -> hello();
                case PING -> new PingMessage(requireLong(singleInteger(), 1));
                case PONG -> new PongMessage(requireLong(singleInteger(), 1));
                case INV -> new InvMessage(inventory());
                case GETDATA -> new GetDataMessage(inventory());
                case TX -> tx();
                case BLOCK -> block();
                case HEADERS -> headers();
                case GETHEADERS -> getHeaders();
                case CMPCTBLOCK -> compactBlock();
                case GETBLOCKTXN -> getBlockTxn();
                case BLOCKTXN -> blockTxn();
                case MEMPOOL -> mempool();
                case ADDR -> addr();
                case ACK -> ack();
                case REJECT -> reject();
            };
        } catch (IllegalArgumentException e) {
            // A value the record refuses that no single key shows (a Bitcoin block shorter than its header).
            key = -1;
            item = -1;
            throw withKind(fail(e.getMessage(), mapOffset));
        } catch (MalformedMessageException e) {
            throw withKind(e);
        }
    }

    /** {@code e} naming the kind read from key 0, so that a REJECT can name it too. */
    private MalformedMessageException withKind(MalformedMessageException e) {
        MalformedMessageException named = new MalformedMessageException(e.getMessage(), e.offset(), e.rejectReason(),
                e.getCause(), kind.code());
        named.setStackTrace(e.getStackTrace());
        return named;
    }

    private HelloMessage hello() throws MalformedMessageException {
        Long version = null;
        byte[] station = null;
        String callsign = null;
        Long services = null;
        Long height = null;
        Long time = null;
        Long nonce = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> version = readUnsigned(Integer.MAX_VALUE);
                case 2 -> station = readBytes(MessageLimits.HASH_BYTES, MessageLimits.HASH_BYTES);
                case 3 -> callsign = readAscii(MessageLimits.MAX_CALLSIGN_BYTES);
                case 4 -> services = readUnsigned(Long.MAX_VALUE);
                case 5 -> height = readUnsigned(Long.MAX_VALUE);
                case 6 -> time = readUnsigned(Long.MAX_VALUE);
                case 7 -> nonce = readInteger();
                default -> skipValue();
            }
        }
        return new HelloMessage((int) requireLong(version, 1), require(station, 2), require(callsign, 3),
                requireLong(services, 4), requireLong(height, 5), requireLong(time, 6), requireLong(nonce, 7));
    }

    private Long singleInteger() throws MalformedMessageException {
        Long value = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            if (k == 1) {
                value = readInteger();
            } else {
                skipValue();
            }
        }
        return value;
    }

    private List<InventoryItem> inventory() throws MalformedMessageException {
        List<InventoryItem> items = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            if (k == 1) {
                int count = beginArray(MessageLimits.MAX_INVENTORY_ITEMS);
                items = new ArrayList<>(count);
                for (item = 0; item < count; item++) {
                    beginTuple(2);
                    int typeOffset = peekOffset();
                    long code = readUnsigned(Integer.MAX_VALUE);
                    InventoryType type = inventoryType(code, typeOffset);
                    items.add(new InventoryItem(type, readHash()));
                    endArray();
                }
                item = -1;
                endArray();
            } else {
                skipValue();
            }
        }
        return require(items, 1);
    }

    private TxMessage tx() throws MalformedMessageException {
        Network network = null;
        byte[] raw = null;
        byte[] compact = null;
        int compactOffset = 0;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> network = readNetwork();
                case 2 -> raw = readBytes(1, MessageLimits.MAX_PAYLOAD_BYTES);
                case 3 -> {
                    compactOffset = peekOffset();
                    compact = readBytes(1, MessageLimits.MAX_PAYLOAD_BYTES + 1);
                }
                default -> skipValue();
            }
        }
        if (!compactInstead(require(network, 1), raw, compact, compactOffset)) {
            return new TxMessage(network, require(raw, 2));
        }
        try {
            return new TxMessage(network, TransactionCompressor.INSTANCE.decompress(compact, MessageLimits.MAX_PAYLOAD_BYTES));
        } catch (MalformedMessageException e) {
            throw fail(e.getMessage(), compactOffset);
        }
    }

    /**
     * True when key 3 (the compact form, chapter 7) stands in for key 2: then key 2 must be absent and
     * the network a Bitcoin one. Leaves {@link #key} at 3 for the caller's errors.
     */
    private boolean compactInstead(Network network, Object plain, byte[] compact, int compactOffset)
            throws MalformedMessageException {
        if (compact == null) {
            return false;
        }
        key = 3;
        if (plain != null) {
            throw fail(kind.keyName(2) + " (key 2) and " + kind.keyName(3) + " (key 3) are exclusive, got both",
                    compactOffset);
        }
        if (!network.isBitcoin()) {
            throw fail("compact forms are defined for the Bitcoin networks only, not " + network, compactOffset);
        }
        return true;
    }

    private BlockMessage block() throws MalformedMessageException {
        NetworkPayload fields = networkPayload();
        return new BlockMessage(fields.network(), fields.raw());
    }

    /** TX and BLOCK share their keys: 1 the network, 2 the opaque bytes. */
    private record NetworkPayload(Network network, byte[] raw) {
    }

    private NetworkPayload networkPayload() throws MalformedMessageException {
        Network network = null;
        byte[] raw = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> network = readNetwork();
                case 2 -> raw = readBytes(1, MessageLimits.MAX_PAYLOAD_BYTES);
                default -> skipValue();
            }
        }
        return new NetworkPayload(require(network, 1), require(raw, 2));
    }

    private HeadersMessage headers() throws MalformedMessageException {
        Network network = null;
        List<byte[]> headers = null;
        byte[] compact = null;
        int compactOffset = 0;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> network = readNetwork();
                case 2 -> headers = bytesList(MessageLimits.MAX_HEADERS, MessageLimits.MAX_HEADER_BYTES);
                case 3 -> {
                    compactOffset = peekOffset();
                    compact = readBytes(1, MessageLimits.MAX_HEADERS * Network.BITCOIN_HEADER_BYTES);
                }
                default -> skipValue();
            }
        }
        if (!compactInstead(require(network, 1), headers, compact, compactOffset)) {
            return new HeadersMessage(network, require(headers, 2));
        }
        try {
            return new HeadersMessage(network, HeaderChain.decode(compact, MessageLimits.MAX_HEADERS));
        } catch (MalformedMessageException e) {
            throw fail(e.getMessage(), compactOffset);
        }
    }

    private GetHeadersMessage getHeaders() throws MalformedMessageException {
        Network network = null;
        List<MessageId> locator = null;
        MessageId stop = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> network = readNetwork();
                case 2 -> locator = hashList(MessageLimits.MAX_LOCATOR_HASHES);
                case 3 -> stop = readHash();
                default -> skipValue();
            }
        }
        return new GetHeadersMessage(require(network, 1), require(locator, 2), require(stop, 3));
    }

    private CompactBlockMessage compactBlock() throws MalformedMessageException {
        Network network = null;
        byte[] header = null;
        Long nonce = null;
        long[] shortIds = null;
        List<PrefilledTransaction> prefilled = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> network = readNetwork();
                case 2 -> header = readBytes(1, MessageLimits.MAX_HEADER_BYTES);
                case 3 -> nonce = readInteger();
                case 4 -> shortIds = shortIds();
                case 5 -> prefilled = prefilled();
                default -> skipValue();
            }
        }
        return new CompactBlockMessage(require(network, 1), require(header, 2), requireLong(nonce, 3),
                require(shortIds, 4), require(prefilled, 5));
    }

    private long[] shortIds() throws MalformedMessageException {
        int offset = peekOffset();
        byte[] packed = readBytes(0, MessageLimits.MAX_BLOCK_TRANSACTIONS * MessageLimits.SHORT_ID_BYTES);
        if (packed.length % MessageLimits.SHORT_ID_BYTES != 0) {
            throw fail("length " + packed.length + " is not a multiple of " + MessageLimits.SHORT_ID_BYTES, offset);
        }
        long[] ids = new long[packed.length / MessageLimits.SHORT_ID_BYTES];
        for (int i = 0; i < ids.length; i++) {
            long id = 0;
            for (int b = MessageLimits.SHORT_ID_BYTES - 1; b >= 0; b--) {
                id = (id << 8) | (packed[i * MessageLimits.SHORT_ID_BYTES + b] & 0xff);
            }
            ids[i] = id;
        }
        return ids;
    }

    private List<PrefilledTransaction> prefilled() throws MalformedMessageException {
        int count = beginArray(MessageLimits.MAX_BLOCK_TRANSACTIONS);
        List<PrefilledTransaction> list = new ArrayList<>(count);
        for (item = 0; item < count; item++) {
            beginTuple(2);
            int index = (int) readUnsigned(MessageLimits.MAX_BLOCK_TRANSACTIONS - 1);
            list.add(new PrefilledTransaction(index, readBytes(1, MessageLimits.MAX_PAYLOAD_BYTES)));
            endArray();
        }
        item = -1;
        endArray();
        return list;
    }

    private GetBlockTxnMessage getBlockTxn() throws MalformedMessageException {
        Network network = null;
        MessageId hash = null;
        List<Integer> indexes = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> network = readNetwork();
                case 2 -> hash = readHash();
                case 3 -> {
                    int count = beginArray(MessageLimits.MAX_BLOCK_TRANSACTIONS);
                    indexes = new ArrayList<>(count);
                    for (item = 0; item < count; item++) {
                        indexes.add((int) readUnsigned(MessageLimits.MAX_BLOCK_TRANSACTIONS - 1));
                    }
                    item = -1;
                    endArray();
                }
                default -> skipValue();
            }
        }
        return new GetBlockTxnMessage(require(network, 1), require(hash, 2), require(indexes, 3));
    }

    private BlockTxnMessage blockTxn() throws MalformedMessageException {
        Network network = null;
        MessageId hash = null;
        List<byte[]> transactions = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> network = readNetwork();
                case 2 -> hash = readHash();
                case 3 -> transactions = bytesList(MessageLimits.MAX_BLOCK_TRANSACTIONS, MessageLimits.MAX_PAYLOAD_BYTES);
                default -> skipValue();
            }
        }
        return new BlockTxnMessage(require(network, 1), require(hash, 2), require(transactions, 3));
    }

    private MempoolMessage mempool() throws MalformedMessageException {
        Network network = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            if (k == 1) {
                network = readNetwork();
            } else {
                skipValue();
            }
        }
        return new MempoolMessage(require(network, 1));
    }

    private AddrMessage addr() throws MalformedMessageException {
        List<PeerAddress> peers = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            if (k == 1) {
                int count = beginArray(MessageLimits.MAX_ADDR_PEERS);
                peers = new ArrayList<>(count);
                for (item = 0; item < count; item++) {
                    beginTuple(3);
                    String uri = readAscii(MessageLimits.MAX_URI_BYTES);
                    long services = readUnsigned(Long.MAX_VALUE);
                    peers.add(new PeerAddress(uri, services, readUnsigned(Long.MAX_VALUE)));
                    endArray();
                }
                item = -1;
                endArray();
            } else {
                skipValue();
            }
        }
        return new AddrMessage(require(peers, 1));
    }

    private AckMessage ack() throws MalformedMessageException {
        List<MessageId> ids = null;
        List<IdPrefix> prefixes = List.of();
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            if (k == 1) {
                ids = hashList(MessageLimits.MAX_ACK_IDS);
            } else if (k == 2) {
                prefixes = bytesList(MessageLimits.MAX_ACK_IDS, IdPrefix.MIN_LENGTH, IdPrefix.MAX_LENGTH)
                        .stream().map(IdPrefix::of).toList();
            } else {
                skipValue();
            }
        }
        return new AckMessage(require(ids, 1), prefixes);
    }

    private RejectMessage reject() throws MalformedMessageException {
        RejectReason reason = null;
        MessageId rejectedId = null;
        Long rejectedKind = null;
        String text = null;
        for (long k = nextKey(); k >= 0; k = nextKey()) {
            switch ((int) Math.min(k, Integer.MAX_VALUE)) {
                case 1 -> {
                    int offset = peekOffset();
                    long code = readUnsigned(Integer.MAX_VALUE);
                    try {
                        reason = RejectReason.fromCode((int) code);
                    } catch (MalformedMessageException e) {
                        throw fail(e.getMessage(), offset);
                    }
                }
                case 2 -> rejectedId = readHash();
                case 3 -> rejectedKind = readUnsigned(Integer.MAX_VALUE);
                case 4 -> text = readUtf8(MessageLimits.MAX_REJECT_TEXT_BYTES);
                default -> skipValue();
            }
        }
        return new RejectMessage(require(reason, 1), Optional.ofNullable(rejectedId),
                rejectedKind == null ? OptionalInt.empty() : OptionalInt.of(rejectedKind.intValue()), require(text, 4));
    }

    // ---- lists -------------------------------------------------------------------------------------------------

    private List<byte[]> bytesList(int maxCount, int maxBytes) throws MalformedMessageException {
        return bytesList(maxCount, 1, maxBytes);
    }

    private List<byte[]> bytesList(int maxCount, int minBytes, int maxBytes) throws MalformedMessageException {
        int count = beginArray(maxCount);
        List<byte[]> list = new ArrayList<>(count);
        for (item = 0; item < count; item++) {
            list.add(readBytes(minBytes, maxBytes));
        }
        item = -1;
        endArray();
        return list;
    }

    private List<MessageId> hashList(int maxCount) throws MalformedMessageException {
        int count = beginArray(maxCount);
        List<MessageId> list = new ArrayList<>(count);
        for (item = 0; item < count; item++) {
            list.add(readHash());
        }
        item = -1;
        endArray();
        return list;
    }

    // ---- heads ------------------------------------------------------------------------------------------------

    /** Reads the head at the cursor and returns its argument; the cursor moves past the head only. */
    private long head() {
        headOffset = pos;
        pos += CborSubset.headLength(in, headOffset);
        return CborSubset.argument(in, headOffset);
    }

    private int tokenOffset() {
        return headOffset;
    }

    /** Where the next value's head starts. */
    private int peekOffset() {
        return pos;
    }

    /** The next key of the message map, or -1 at its end; keys above 2^63-1 come back as Long.MAX_VALUE. */
    private long nextKey() throws MalformedMessageException {
        item = -1;
        if (entriesLeft == 0) {
            key = -1;
            return -1;
        }
        entriesLeft--;
        long k = head(); // an unsigned integer, as CborSubset checked
        int offset = headOffset;
        key = k < 0 ? Long.MAX_VALUE : k;
        if (key < Long.SIZE) {
            if ((seenKeys & (1L << key)) != 0) {
                throw fail("duplicate key", offset);
            }
            seenKeys |= 1L << key;
        }
        return key;
    }

    /** A token whose head has the given major type; otherwise the error names expected and actual types. */
    private int expect(int major, String expected) throws MalformedMessageException {
        int offset = pos;
        int actual = CborSubset.major(in, offset);
        if (actual != major) {
            throw fail("expected " + expected + ", got " + CborSubset.typeName(actual), offset);
        }
        long argument = head();
        if (major == MAJOR_BYTES || major == MAJOR_TEXT) {
            pos += (int) argument; // the string's bytes are there: CborSubset checked every length
        }
        return offset;
    }

    private long readInteger() throws MalformedMessageException {
        int offset = pos;
        int major = CborSubset.major(in, offset);
        if (major != MAJOR_UNSIGNED && major != MAJOR_NEGATIVE) {
            throw fail("expected integer, got " + CborSubset.typeName(major), offset);
        }
        long argument = head();
        if (argument < 0) {
            throw fail("integer outside the signed 64-bit range", offset);
        }
        return major == MAJOR_UNSIGNED ? argument : -1 - argument;
    }

    private long readUnsigned(long max) throws MalformedMessageException {
        int offset = expect(MAJOR_UNSIGNED, "unsigned integer");
        long value = CborSubset.argument(in, offset);
        if (Long.compareUnsigned(value, max) > 0) {
            throw fail("value " + Long.toUnsignedString(value) + " exceeds the maximum " + max, offset);
        }
        return value;
    }

    private byte[] readBytes(int min, int max) throws MalformedMessageException {
        int offset = expect(MAJOR_BYTES, "byte string");
        long length = CborSubset.argument(in, offset);
        if (length < min || length > max) {
            throw fail(min == max ? "expected " + min + " bytes, got " + length
                    : "length " + length + " outside [" + min + ", " + max + "]", offset);
        }
        // Copied straight from the input (CborSubset checked it is there): one exact allocation.
        int start = offset + CborSubset.headLength(in, offset);
        return Arrays.copyOfRange(in, start, start + (int) length);
    }

    private MessageId readHash() throws MalformedMessageException {
        return MessageId.of(readBytes(MessageLimits.HASH_BYTES, MessageLimits.HASH_BYTES));
    }

    /** Printable ASCII without spaces, 1 to max bytes: checked on the input bytes, which CborSubset bounded. */
    private String readAscii(int max) throws MalformedMessageException {
        int offset = expect(MAJOR_TEXT, "text string");
        long length = CborSubset.argument(in, offset);
        if (length < 1 || length > max) {
            throw fail("length " + length + " outside [1, " + max + "]", offset);
        }
        int start = offset + CborSubset.headLength(in, offset);
        for (int i = start; i < start + length; i++) {
            if (in[i] < 0x21 || in[i] > 0x7e) {
                throw fail("byte 0x" + Integer.toHexString(in[i] & 0xff) + " at offset " + i
                        + " is not printable ASCII", offset);
            }
        }
        return new String(in, start, (int) length, StandardCharsets.US_ASCII);
    }

    /** UTF-8 decoded strictly: a malformed sequence is refused, not replaced. */
    private String readUtf8(int max) throws MalformedMessageException {
        int offset = expect(MAJOR_TEXT, "text string");
        long length = CborSubset.argument(in, offset);
        if (length > max) {
            throw fail("length " + length + " exceeds the maximum " + max, offset);
        }
        int start = offset + CborSubset.headLength(in, offset);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in, start, (int) length)).toString();
        } catch (CharacterCodingException e) {
            throw fail("invalid UTF-8", offset);
        }
    }

    private Network readNetwork() throws MalformedMessageException {
        int offset = peekOffset();
        long code = readUnsigned(Integer.MAX_VALUE);
        Network network = Network.byCode(code);
        if (network == null) {
            throw fail("unknown network " + code, offset);
        }
        return network;
    }

    private InventoryType inventoryType(long code, int offset) throws MalformedMessageException {
        try {
            return InventoryType.fromCode((int) code);
        } catch (MalformedMessageException e) {
            throw fail(e.getMessage(), offset);
        }
    }

    private int beginArray(int maxCount) throws MalformedMessageException {
        int offset = expect(MAJOR_ARRAY, "array");
        long count = CborSubset.argument(in, offset);
        if (count > maxCount) {
            throw fail("list of " + count + " items exceeds the limit of " + maxCount, offset);
        }
        return (int) count;
    }

    private void beginTuple(int size) throws MalformedMessageException {
        int offset = expect(MAJOR_ARRAY, "array of " + size);
        long count = CborSubset.argument(in, offset);
        if (count != size) {
            throw fail("expected an array of " + size + " elements, got " + count, offset);
        }
    }

    /** Definite lengths only: an array ends when its counted items were read, so there is nothing to read here. */
    private void endArray() {
    }

    /** Skips one value of an unknown key with everything nested in it; CborSubset bounded every count. */
    private void skipValue() {
        long items = 1;
        while (items > 0) {
            items--;
            int major = CborSubset.major(in, pos);
            long argument = head();
            switch (major) {
                case MAJOR_BYTES, MAJOR_TEXT -> pos += (int) argument;
                case MAJOR_ARRAY -> items += argument;
                case MAJOR_MAP -> items += 2 * argument;
                default -> { } // integers: the head is all of it
            }
        }
    }

    private <T> T require(T value, int requiredKey) throws MalformedMessageException {
        if (value == null) {
            key = -1;
            item = -1;
            // Reported at the map, offset 0: the key is missing from all of it.
            throw fail("missing required key " + requiredKey + " (" + kind.keyName(requiredKey) + ")", 0);
        }
        return value;
    }

    private long requireLong(Long value, int requiredKey) throws MalformedMessageException {
        return require(value, requiredKey);
    }

    private MalformedMessageException fail(String problem, int offset) {
        StringBuilder where = new StringBuilder(kind == null ? "message" : kind.name());
        if (key >= 0) {
            where.append(" key ").append(key).append(" (")
                    .append(kind == null ? "kind" : kind.keyName(key)).append(')');
        }
        if (item >= 0) {
            where.append(" item ").append(item);
        }
        return new MalformedMessageException(where + ": " + problem + " at offset " + offset + "; input "
                + ByteDump.preview(in), offset);
    }
}
