package dev.hotgates.proxy.server;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.HashSet;
import java.util.Set;

/**
 * What one event loop knows about the process, written only by that loop (through tasks the
 * server submits to it): the configuration new requests follow, whether the process is
 * draining, and its open client connections. Plain fields, no locks, no volatile.
 */
final class LoopState {

    private static final FastThreadLocal<LoopState> CURRENT = new FastThreadLocal<>() {
        @Override
        protected LoopState initialValue() {
            return new LoopState();
        }
    };

    /** Null until the server publishes a configuration to this loop (tests on an EmbeddedChannel). */
    ProxyRuntime runtime;
    boolean draining;
    final Set<ClientHandler> open = new HashSet<>();

    static LoopState current() {
        return CURRENT.get();
    }
}
