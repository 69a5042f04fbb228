package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.ServerConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The client side of one connection, as Netty sees it. Reads are explicit (auto-read off, a
 * FlowControlHandler in front): one request at a time, so pipelined requests are answered in
 * order, and a request body is read only as fast as the origin takes it. What is done with each
 * request is the {@link RequestCycle}'s.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientHandler.class);

    private final RequestCycle cycle;
    private ChannelHandlerContext ctx;
    private ClientTimers timers;
    private boolean awaiting;

    public ClientHandler(ProxyRuntime rt) {
        this.cycle = new RequestCycle(this, rt);
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    ClientTimers timers() {
        return timers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timers = new ClientTimers(ctx.executor());
        LoopState loop = LoopState.current();
        loop.open.add(this);
        ProxyRuntime rt = cycle.runtime();
        rt.stats.accepted();
        rt.stats.reading(1);
        if (loop.draining || rt.stats.active() > rt.maxConnections()) {
            // worker_connections × worker_processes reached: refuse this one, the others carry on.
            if (!loop.draining) LOG.warn("{} worker_connections are not enough, closing a new connection", rt.config.workerConnections());
            cycle.abortResponse();
            return;
        }
        ServerConfig def = rt.defaultServer(localPort());
        // client_header_timeout: nginx closes without an answer when the head is not complete in time.
        timers.phase(def == null ? 60_000 : def.settings().clientHeaderTimeout(), cycle::abortResponse);
        readLater();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LoopState.current().open.remove(this);
        timers.close();
        cycle.disconnected();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        awaiting = false;
        cycle.read(msg);
    }

    /**
     * Asks for the next message. FlowControlHandler counts a read() that produced no whole message
     * (a request head split over several socket reads, a body chunk still in flight) as satisfied
     * at channelReadComplete, so we remember that we are waiting and ask again there.
     */
    void readLater() {
        awaiting = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (awaiting && !cycle.closing() && ctx.channel().isActive()) ctx.read();
        ctx.fireChannelReadComplete();
    }

    /** The connection became a tunnel (WebSocket): no more requests are read as HTTP. */
    void tunnel() {
        awaiting = false;
        timers.endPhase();
    }

    /** Graceful stop: an idle connection closes now, a busy one after its current response. */
    void drain() {
        cycle.drain();
    }

    /** Closes now, without completing a response that started. */
    void abortResponse() {
        cycle.abortResponse();
    }

    int localPort() {
        return RequestGuard.inet(ctx.channel().localAddress()).getPort();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // send_timeout: a client that stops reading for that long is closed, and memory stays bounded
        // because the origin is not read while the client cannot take more.
        if (ctx.channel().isWritable()) {
            timers.sendResumed();
            cycle.clientWritable();
        } else {
            timers.sendBlocked(cycle.sendTimeout(), () -> {
                cycle.abortExchange();
                cycle.abortResponse();
            });
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client {}: {}", ctx.channel().remoteAddress(), cause.toString(), cause);
        cycle.abortExchange();
        ctx.close();
    }
}
