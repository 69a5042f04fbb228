package dev.hotgates.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;

/**
 * A connection upgrade (WebSocket), as nginx does it: when the request went upstream with
 * {@code Upgrade} and {@code Connection: upgrade} (nginx's recipe: {@code proxy_set_header
 * Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;}) and the origin
 * answers {@code 101}, the 101 goes to the client and both connections become a raw two-way
 * relay: HTTP codecs removed, each side read only while the other can take more, closed
 * together, and closed when neither side sent anything for {@code proxy_read_timeout}.
 */
final class Tunnel {

    private final Channel client;
    private final Channel origin;
    private final Deadline idle;
    private final long idleMillis;
    private final Runnable onClose;
    private boolean closed;

    private Tunnel(Channel client, Channel origin, long idleMillis, Runnable onClose) {
        this.client = client;
        this.origin = origin;
        this.idle = new Deadline(client.eventLoop());
        this.idleMillis = idleMillis;
        this.onClose = onClose;
    }

    /** Whether the request that went upstream asked for an upgrade. */
    static boolean requested(HttpRequest upstream) {
        String connection = upstream.headers().get(HttpHeaderNames.CONNECTION);
        return upstream.headers().contains(HttpHeaderNames.UPGRADE) && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    /** The client's 101: the origin's headers after the header rules, with Upgrade and Connection kept. */
    static HttpResponse switching(HttpResponse fromOrigin, RequestContext req, dev.hotgates.proxy.config.Settings s) {
        DefaultFullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        Forwarding.toClient(fromOrigin.headers(), out.headers(), req, s, null);
        out.headers().set(HttpHeaderNames.UPGRADE, fromOrigin.headers().get(HttpHeaderNames.UPGRADE, "websocket"));
        out.headers().set(HttpHeaderNames.CONNECTION, "upgrade");
        return out;
    }

    /** The origin answered 101: its connection leaves the pool and both connections become a tunnel. */
    static void takeOver(RequestCycle client, OriginLink link, HttpResponse fromOrigin, RequestContext req,
                         dev.hotgates.proxy.config.Settings s) {
        req.upstreamStatus = "101";
        req.status = 101;
        Channel origin = link.channel();
        link.channel(null);
        HttpResponse out = switching(fromOrigin, req, s);
        client.tunnel();
        open(client.ctx(), origin, out, s.proxyReadTimeout(), () -> {
            link.releasePeer();
            client.tunnelClosed();
        });
    }

    /**
     * Writes the 101 and switches both pipelines: first both encoders go, so that nothing written
     * from here on is taken for HTTP; then the decoders, whose removal hands on the bytes they
     * already hold (frames sent right behind the 101, or behind the request) to the relay.
     */
    static void open(ChannelHandlerContext clientCtx, Channel origin, HttpResponse response, long idleMillis, Runnable onClose) {
        Channel client = clientCtx.channel();
        Tunnel t = new Tunnel(client, origin, idleMillis, onClose);
        clientCtx.writeAndFlush(response);
        origin.config().setAutoRead(false);
        ChannelPipeline op = origin.pipeline();
        ChannelPipeline cp = client.pipeline();
        op.addLast("tunnel", t.side(client));
        cp.addBefore("client", "tunnel", t.side(origin));
        removeIfPresent(cp, "encoder");
        if (op.get("codec") instanceof io.netty.handler.codec.http.HttpClientCodec codec) codec.removeOutboundHandler();
        removeIfPresent(cp, "flow");
        removeIfPresent(cp, "decoder");
        removeIfPresent(op, "origin");
        removeIfPresent(op, "codec");
        t.activity();
        origin.read();
        client.read();
    }

    private static void removeIfPresent(ChannelPipeline p, String name) {
        if (p.get(name) != null) p.remove(name);
    }

    private void activity() {
        idle.arm(idleMillis, this::close);
    }

    private void close() {
        if (closed) return;
        closed = true;
        idle.close();
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        origin.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        onClose.run();
    }

    private ChannelHandler side(Channel peer) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf bytes = msg instanceof ByteBuf b ? b : msg instanceof HttpContent c ? c.content().retain() : null;
                if (!(msg instanceof ByteBuf)) ReferenceCountUtil.release(msg);
                if (bytes == null) return;
                if (closed || !bytes.isReadable()) {
                    bytes.release();
                    return;
                }
                activity();
                peer.writeAndFlush(bytes);
                if (peer.isWritable()) ctx.read();
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                // This side can take more again: let the other side read.
                if (ctx.channel().isWritable()) peer.read();
                ctx.fireChannelWritabilityChanged();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                close();
                ctx.fireChannelInactive();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                close();
            }
        };
    }
}
