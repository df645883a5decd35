package io.scimlab.gitlab.state;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The contract on a store that implements only what {@link StateStore} requires: its default methods
 * ({@link StateStore#parentsOf}, which scans {@link StateStore#groups()}, and the single-record conveniences) are what
 * a third-party store without them gets.
 */
class DefaultMethodsStateStoreContractTest extends StateStoreContract {
    private StateStore store;

    @Override
    protected StateStore create() {
        InMemoryStateStore inner = new InMemoryStateStore();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.isDefault() && !method.getName().equals("exclusive")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return call(inner, method, args);
        };
        store = (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(),
                new Class<?>[] {StateStore.class}, handler);
        return store;
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    protected StateStore replica() {
        return store;
    }

    @Override
    protected boolean keyed() {
        return false;
    }
}
