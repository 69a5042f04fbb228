package dev.hotgates.proxy.server;

import dev.hotgates.proxy.upstream.OriginHandler;
import dev.hotgates.proxy.upstream.OriginListener;
import dev.hotgates.proxy.upstream.OriginPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * One attempt's connection to one origin: borrowed from the event loop's pool or newly opened
 * on the client's loop, bound to the exchange while it serves it, then parked for reuse or
 * closed. Holds the chosen peer's open-request count while bound.
 */
final class OriginLink {

    /** The exchange's side of {@link #connect}. */
    interface Connecting {
        /** Whether this attempt is still the exchange's current one (asked again once connected). */
        boolean wants(OriginLink attempt);

        void connected(Channel ch);

        void connectFailed(Throwable cause, long nanos);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProxyExchange.class);

    final OriginChoice target;
    final String key;
    private Channel channel;
    private boolean reused;
    private boolean peerHeld;

    OriginLink(OriginChoice target) {
        this.target = target;
        this.key = target.key();
    }

    /**
     * An idle pooled connection to this origin at once (unless {@code fresh}), else a new one. The
     * new socket is created in a task of its own, after the event loop has dispatched the
     * readiness events it is working through: a descriptor closed earlier in that batch and reused
     * by this socket would otherwise receive the closed one's stale events (with epoll).
     */
    void connect(boolean fresh, ProxyRuntime rt, ChannelHandlerContext client, long connectTimeoutMs, Connecting exchange) {
        Channel pooled = fresh ? null : OriginPool.current().acquire(key);
        reused = pooled != null;
        if (pooled != null) {
            exchange.connected(pooled);
            return;
        }
        client.executor().execute(() -> {
            if (exchange.wants(this)) open(rt, client.channel(), connectTimeoutMs, exchange);
        });
    }

    private void open(ProxyRuntime rt, Channel client, long connectTimeoutMs, Connecting exchange) {
        long started = System.nanoTime();
        LOG.debug("upstream {}: no idle pooled connection on this event loop, connecting", key);
        ChannelFuture connecting = rt.bootstrap(client.eventLoop(), connectTimeoutMs).connect(target.host(), target.port());
        connecting.addListener((ChannelFuture f) -> {
            if (!exchange.wants(this)) {
                if (f.isSuccess()) f.channel().close();
            } else if (f.isSuccess()) {
                exchange.connected(f.channel());
            } else {
                exchange.connectFailed(f.cause(), System.nanoTime() - started);
            }
        });
    }

    boolean reused() {
        return reused;
    }

    Channel channel() {
        return channel;
    }

    /** Takes the connection out of the link (an upgrade keeps it for a tunnel; it is never pooled). */
    void channel(Channel ch) {
        channel = ch;
    }

    void bind(Channel ch, OriginListener listener) {
        channel = ch;
        ch.pipeline().get(OriginHandler.class).bind(listener);
        if (target.peer() != null && !peerHeld) {
            target.peer().acquire();
            peerHeld = true;
        }
    }

    void releasePeer() {
        if (peerHeld) {
            peerHeld = false;
            target.peer().release();
        }
    }

    /** Back to the pool when the exchange ended cleanly on a keep-alive connection, else closed. */
    void release(boolean reusable) {
        releasePeer();
        Channel ch = channel;
        channel = null;
        if (ch == null) return;
        ch.pipeline().get(OriginHandler.class).unbind();
        if (!ch.config().isAutoRead()) ch.config().setAutoRead(true);
        if (reusable) OriginPool.current().release(key, ch, target.keepalive(), target.keepaliveTimeoutMs());
        else ch.close();
    }

    /** Closes the connection without ending the exchange (a failed attempt). */
    void drop() {
        release(false);
    }

    /** The connection went away by itself. */
    void lost() {
        releasePeer();
        channel = null;
    }
}
