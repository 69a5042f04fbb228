package dev.hotgates.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
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

    /** One origin's idle connections on this loop, most recently parked first. */
    private static final class Idle {
        final ArrayDeque<Channel> channels = new ArrayDeque<>();
        final java.util.concurrent.atomic.LongAdder total;
        boolean checkScheduled;

        Idle(String key) {
            total = IDLE_TOTAL.computeIfAbsent(key, k -> new java.util.concurrent.atomic.LongAdder());
        }
    }

    private final Map<String, Idle> idle = new HashMap<>();

    /** Idle connections per origin over every event loop, for the metrics (adders: no lock). */
    private static final Map<String, java.util.concurrent.atomic.LongAdder> IDLE_TOTAL = new java.util.concurrent.ConcurrentHashMap<>();

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
        Idle q = idle.get(key);
        while (q != null && !q.channels.isEmpty()) {
            Channel ch = q.channels.pollFirst();
            q.total.decrement();
            OriginHandler h = handler(ch);
            if (h != null) h.leftPool();
            if (h != null && ch.isActive()) return ch;
            ch.close();
        }
        return null;
    }

    /**
     * Parks {@code ch} for reuse, or closes it when {@code max} are already idle. It expires
     * {@code idleTimeoutMs} later: one scheduled check per origin closes what is due and waits for
     * the next deadline, so parking a connection schedules nothing.
     */
    public void release(String key, Channel ch, int max, long idleTimeoutMs) {
        Idle q = idle.computeIfAbsent(key, Idle::new);
        OriginHandler h = handler(ch);
        if (h == null || !ch.isActive() || q.channels.size() >= max) {
            ch.close();
            return;
        }
        q.channels.addFirst(ch);
        q.total.increment();
        h.enterPool(this, key, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs));
        LOG.debug("pool {}: {} idle connection(s) on this event loop", key, q.channels.size());
        if (!q.checkScheduled) {
            q.checkScheduled = true;
            io.netty.channel.EventLoop loop = ch.eventLoop();
            loop.schedule(() -> expire(q, loop), idleTimeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the connections whose keepalive_timeout has passed; checks again at the next deadline. */
    private void expire(Idle q, io.netty.channel.EventLoop loop) {
        q.checkScheduled = false;
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (java.util.Iterator<Channel> it = q.channels.iterator(); it.hasNext(); ) {
            Channel ch = it.next();
            OriginHandler h = handler(ch);
            long deadline = h == null ? now : h.idleDeadline();
            if (deadline - now <= 0) {
                it.remove();
                q.total.decrement();
                if (h != null) h.leftPool();
                ch.close();
            } else {
                next = Math.min(next, deadline - now);
            }
        }
        if (next != Long.MAX_VALUE) {
            q.checkScheduled = true;
            loop.schedule(() -> expire(q, loop), next, TimeUnit.NANOSECONDS);
        }
    }

    /** The origin closed or spoke while {@code ch} was idle. */
    void evict(String key, Channel ch) {
        Idle q = idle.get(key);
        if (q != null && q.channels.remove(ch)) q.total.decrement();
    }

    private static OriginHandler handler(Channel ch) {
        return ch.pipeline().last() instanceof OriginHandler h ? h : null;
    }

    public int idleCount(String key) {
        Idle q = idle.get(key);
        return q == null ? 0 : q.channels.size();
    }
}
