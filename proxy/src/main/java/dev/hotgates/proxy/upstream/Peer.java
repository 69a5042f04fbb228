package dev.hotgates.proxy.upstream;

import dev.hotgates.proxy.config.Model.UpstreamServer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server of an upstream block and its passive health, shared by every event loop (atomics,
 * no lock): {@code max_fails} failures within {@code fail_timeout} rest it for {@code fail_timeout},
 * as nginx does; {@code max_conns} bounds its open requests.
 */
public final class Peer {

    private final UpstreamServer server;
    private final java.util.concurrent.atomic.AtomicBoolean alone = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicInteger fails = new AtomicInteger();
    private final AtomicLong firstFail = new AtomicLong();
    private static final long UP = 0;
    private final AtomicLong downUntil = new AtomicLong(UP);
    private final AtomicInteger active = new AtomicInteger();

    Peer(UpstreamServer server, boolean alone) {
        this.server = server;
        this.alone.set(alone);
    }

    /** Whether this is the only primary server now (it changes as resolved addresses come and go). */
    void alone(boolean value) {
        alone.set(value);
    }

    public UpstreamServer server() {
        return server;
    }

    public int active() {
        return active.get();
    }

    /** Usable now: not {@code down}, not resting after failures, under {@code max_conns}. */
    public boolean available(long now) {
        if (server.down()) return false;
        if (server.maxConns() > 0 && active.get() >= server.maxConns()) return false;
        long until = downUntil.get();
        return until == UP || now - until >= 0;
    }

    /** A failed attempt; nginx never rests the only server of an upstream (max_fails is ignored). */
    public void failed(long now) {
        if (alone.get() || server.maxFails() == 0) return;
        long window = server.failTimeoutMs() * 1_000_000L;
        if (fails.get() == 0 || now - firstFail.get() > window) {
            firstFail.set(now);
            fails.set(0);
        }
        if (fails.incrementAndGet() >= server.maxFails()) {
            downUntil.set(now + window == UP ? 1 : now + window);
            fails.set(0);
        }
    }

    public void succeeded() {
        if (fails.get() != 0) fails.set(0);
    }

    public void acquire() {
        active.incrementAndGet();
    }

    public void release() {
        active.decrementAndGet();
    }

    @Override
    public String toString() {
        return server.address();
    }
}
