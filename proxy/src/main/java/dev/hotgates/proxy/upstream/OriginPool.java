package dev.hotgates.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to origins, one pool per event loop, so a client's origin
 * channel is always on the client's own loop and nothing here is shared between threads.
 * Idle channels keep reading: a FIN or stray bytes from the origin evicts them (OriginHandler),
 * and each expires after the upstream's keepalive_timeout, before typical backend idle limits.
 */
public final class OriginPool {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OriginPool.class);

    private static final FastThreadLocal<OriginPool> POOLS = new FastThreadLocal<>() {
        @Override
        protected OriginPool initialValue() {
            return new OriginPool();
        }
    };

    private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();

    /** Idle connections per origin over every event loop, for the metrics (adders: no lock). */
    private static final Map<String, java.util.concurrent.atomic.LongAdder> IDLE_TOTAL = new java.util.concurrent.ConcurrentHashMap<>();

    private static void counted(String key, int delta) {
        IDLE_TOTAL.computeIfAbsent(key, k -> new java.util.concurrent.atomic.LongAdder()).add(delta);
    }

    /** Origin "host:port" → idle pooled connections to it, all event loops together. */
    public static Map<String, Long> idleTotals() {
        Map<String, Long> out = new java.util.TreeMap<>();
        IDLE_TOTAL.forEach((k, v) -> out.put(k, Math.max(0, v.sum())));
        return out;
    }

    private OriginPool() { }

    /** The pool of the calling event loop. */
    public static OriginPool current() {
        return POOLS.get();
    }

    /** An idle, open channel to {@code key}, most recently used first; null when none. */
    public Channel acquire(String key) {
        ArrayDeque<Channel> q = idle.get(key);
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollFirst();
            counted(key, -1);
            OriginHandler h = ch.pipeline().get(OriginHandler.class);
            if (h != null && ch.isActive()) {
                h.leavePool();
                return ch;
            }
            ch.close();
        }
        return null;
    }

    /** Parks {@code ch} for reuse, or closes it when {@code max} are already idle. */
    public void release(String key, Channel ch, int max, long idleTimeoutMs) {
        ArrayDeque<Channel> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        OriginHandler h = ch.pipeline().get(OriginHandler.class);
        if (h == null || !ch.isActive() || q.size() >= max) {
            ch.close();
            return;
        }
        q.addFirst(ch);
        counted(key, 1);
        LOG.debug("pool {}: {} idle connection(s) on this event loop", key, q.size());
        ScheduledFuture<?> expiry = ch.eventLoop().schedule(() -> {
            if (q.remove(ch)) counted(key, -1);
            ch.close();
        }, idleTimeoutMs, TimeUnit.MILLISECONDS);
        h.enterPool(() -> {
            expiry.cancel(false);
            if (q.remove(ch)) counted(key, -1);
        });
    }

    public int idleCount(String key) {
        ArrayDeque<Channel> q = idle.get(key);
        return q == null ? 0 : q.size();
    }
}
