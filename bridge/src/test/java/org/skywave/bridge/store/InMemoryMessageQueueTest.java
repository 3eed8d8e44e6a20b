package org.skywave.bridge.store;

/** The contract over the in-memory twin. */
class InMemoryMessageQueueTest extends MessageQueueContractTest {

    @Override
    MessageQueue newQueue(StoreOptions options) {
        return new InMemoryMessageQueue(DEST, options);
    }

    @Override
    MessageQueue newStationQueue(StoreOptions options, String station) {
        return new InMemoryMessageQueue(DEST, station, options);
    }
}
