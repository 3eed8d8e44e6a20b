package org.skywave.bridge.store;

/** The contract over the in-memory twin. */
class InMemoryMessageQueueTest extends MessageQueueContractTest {

    @Override
    MessageQueue newQueue(StoreOptions options) {
        return new InMemoryMessageQueue(DEST, options);
    }
}
