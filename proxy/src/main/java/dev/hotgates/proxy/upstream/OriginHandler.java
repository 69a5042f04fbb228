package dev.hotgates.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an origin channel: hands the response to the exchange it serves, or,
 * while the channel idles in the pool, closes it on any byte or FIN from the origin.
 */
public final class OriginHandler extends ChannelInboundHandlerAdapter {

    private OriginListener listener;
    private OriginPool pool;
    private String poolKey;
    private long idleDeadline;

    public void bind(OriginListener l) {
        this.listener = l;
    }

    public void unbind() {
        this.listener = null;
    }

    void enterPool(OriginPool pool, String key, long deadline) {
        this.listener = null;
        this.pool = pool;
        this.poolKey = key;
        this.idleDeadline = deadline;
    }

    /** When the connection, idle in its pool, expires ({@link System#nanoTime}). */
    long idleDeadline() {
        return idleDeadline;
    }

    /** The pool has taken the connection out (to use it, or to close it). */
    void leftPool() {
        pool = null;
        poolKey = null;
    }

    /** The connection goes away while idle: out of the pool. */
    private void leavePool(ChannelHandlerContext ctx) {
        OriginPool p = pool;
        if (p != null) p.evict(poolKey, ctx.channel());
        leftPool();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        OriginListener l = listener;
        if (l == null) {
            // Bytes from an idle origin (RFC 9112 §9.3: nothing is expected): never reuse it.
            ReferenceCountUtil.release(msg);
            leavePool(ctx);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse r) {
            l.originResponse(r);
            if (msg instanceof HttpContent c && listener == l) l.originContent(c);
            else if (msg instanceof HttpContent c) c.release();
        } else if (msg instanceof HttpContent c) {
            l.originContent(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) listener.originReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null && ctx.channel().isWritable()) listener.originWritable();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        leavePool(ctx);
        OriginListener l = listener;
        listener = null;
        if (l != null) l.originInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        OriginListener l = listener;
        listener = null;
        leavePool(ctx);
        ctx.close();
        if (l != null) l.originFailed(cause);
    }
}
