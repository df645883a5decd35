package io.scimlab.gitlab.state;

/** The contract on {@link InMemoryStateStore}; its "replica" is the same instance. */
class InMemoryStateStoreContractTest extends StateStoreContract {
    private InMemoryStateStore current;

    @Override
    protected StateStore create() {
        current = new InMemoryStateStore();
        return current;
    }

    @Override
    protected StateStore replica() {
        return current;
    }
}
