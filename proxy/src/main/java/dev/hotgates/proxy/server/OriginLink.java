package dev.hotgates.proxy.server;

import dev.hotgates.proxy.upstream.OriginHandler;
import dev.hotgates.proxy.upstream.OriginListener;
import dev.hotgates.proxy.upstream.OriginPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * One attempt's connection to one origin: borrowed from the event loop's pool or newly opened
 * on the client's loop, bound to the exchange while it serves it, then parked for reuse or
 * closed. Holds the chosen peer's open-request count while bound.
 */
final class OriginLink {

    final OriginChoice target;
    final String key;
    private Channel channel;
    private boolean reused;
    private boolean peerHeld;

    OriginLink(OriginChoice target) {
        this.target = target;
        this.key = target.key();
    }

    /** An idle pooled connection to this origin, or null. */
    Channel fromPool() {
        Channel ch = OriginPool.current().acquire(key);
        reused = ch != null;
        return ch;
    }

    ChannelFuture open(ProxyRuntime rt, Channel client, long connectTimeoutMs) {
        reused = false;
        return rt.bootstrap(client.eventLoop(), connectTimeoutMs).connect(target.host(), target.port());
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
