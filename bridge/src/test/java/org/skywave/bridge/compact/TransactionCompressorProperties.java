package org.skywave.bridge.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.skywave.bridge.demo.SampleTransactions;
import org.skywave.bridge.message.MalformedMessageException;

/** Round trips over random transactions, mutated ones and random bytes; the decoder throws only its own exception. */
class TransactionCompressorProperties {

    private static final TransactionCompressor C = TransactionCompressor.INSTANCE;
    private static final int LIMIT = 100_000;

    @Property(tries = 500)
    void randomSampleTransactionsRoundTrip(@ForAll long seed) throws MalformedMessageException {
        byte[] tx = new SampleTransactions(seed).next();
        assertArrayEquals(tx, C.decompress(C.compress(tx), LIMIT));
    }

    @Property(tries = 1000)
    void mutatedTransactionsStillRoundTrip(@ForAll long seed, @ForAll("positions") int position,
            @ForAll byte value) throws MalformedMessageException {
        byte[] tx = new SampleTransactions(seed).next();
        tx[position % tx.length] = value;
        assertArrayEquals(tx, C.decompress(C.compress(tx), LIMIT));
    }

    @Property(tries = 1000)
    void anyBytesRoundTrip(@ForAll byte[] bytes) throws MalformedMessageException {
        if (bytes.length > 0) {
            assertArrayEquals(bytes, C.decompress(C.compress(bytes), LIMIT));
        }
    }

    @Property(tries = 2000)
    void mutatedCompactFormsFailOnlyCleanly(@ForAll long seed, @ForAll("positions") int position, @ForAll byte value) {
        byte[] compact = C.compress(new SampleTransactions(seed).next());
        compact[position % compact.length] = value;
        try {
            C.decompress(compact, LIMIT);
        } catch (MalformedMessageException expected) {
            // The only failure allowed.
        }
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }
}
