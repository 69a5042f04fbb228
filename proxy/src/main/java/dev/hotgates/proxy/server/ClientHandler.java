package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.routing.RequestTarget;
import dev.hotgates.proxy.routing.ServerSelector;
import dev.hotgates.proxy.statics.FileResponses;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The client side of one connection. Reads are explicit (auto-read off, a FlowControlHandler in
 * front): one request at a time, so pipelined requests are answered in order, and a request body
 * is read only as fast as the origin takes it.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientHandler.class);

    private ProxyRuntime rt;
    private ChannelHandlerContext ctx;
    private RequestContext req;
    private Settings settings;
    private ProxyExchange exchange;
    private boolean requestComplete = true;
    private boolean responseComplete = true;
    private boolean keepAlive;
    private boolean closing;
    private boolean awaiting;
    private Secure secure;
    private int served;
    private final BodyPace pace = new BodyPace();
    private ClientTimers timers;

    public ClientHandler(ProxyRuntime rt) {
        this.rt = rt;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    /** The exchange's proxy_read_timeout and proxy_send_timeout: one exchange at a time, timers kept per connection. */
    OriginTimeouts originTimeouts() {
        return timers.origin();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timers = new ClientTimers(ctx.executor());
        LoopState loop = LoopState.current();
        loop.open.add(this);
        rt.stats.accepted();
        rt.stats.reading(1);
        if (loop.draining || rt.stats.active() > rt.maxConnections()) {
            // worker_connections × worker_processes reached: refuse this one, the others carry on.
            if (!loop.draining) LOG.warn("{} worker_connections are not enough, closing a new connection", rt.config.workerConnections());
            closing = true;
            ctx.close();
            return;
        }
        ServerConfig def = rt.defaultServer(localPort());
        // client_header_timeout: nginx closes without an answer when the head is not complete in time.
        timers.phase(def == null ? 60_000 : def.settings().clientHeaderTimeout(), this::abortResponse);
        readLater();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LoopState.current().open.remove(this);
        timers.close();
        rt.stats.closed();
        if (responseComplete) rt.stats.reading(req == null && requestComplete ? -1 : 0);
        else rt.stats.writing(-1);
        if (exchange != null) exchange.clientClosed();
        exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        awaiting = false;
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest r) {
            onRequest(r);
            if (msg instanceof HttpContent c) onContent(c);
        } else if (msg instanceof HttpContent c) {
            onContent(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest r) {
        timers.endPhase();
        // After a reload the next request follows the new configuration.
        ProxyRuntime latest = LoopState.current().runtime;
        if (latest != null) rt = latest;
        rt.stats.requestStarted();
        served++;
        requestComplete = false;
        responseComplete = false;
        pace.reset();
        keepAlive = HttpUtil.isKeepAlive(r);
        String host = RequestGuard.hostOf(r);
        ServerConfig server = ServerSelector.select(rt.config.servers(), localPort(), host, null);
        settings = server == null ? null : server.settings();
        RequestTarget target = RequestGuard.target(r);
        int bad = RequestGuard.refuse(r, settings);
        if (bad != 0 || target == null || server == null) {
            fail(bad == 0 ? 400 : bad);
            return;
        }
        req = new RequestContext(rt.config, r, target, RequestGuard.inet(ctx.channel().remoteAddress()),
                RequestGuard.inet(ctx.channel().localAddress()), host, served, rt.stats);
        req.server = server;
        if (secure == null) secure = Secure.of(ctx);
        secure.describe(req);
        Action.Decided d = Router.route(req, null);
        settings = d.settings();
        if (secure.plainOnTlsPort()) {
            // nginx's 497: answered through error_page (error_page 497 https://$host$request_uri; works), then closed.
            keepAlive = false;
            execute(Router.errorPages(req, new Action.Status(497), settings, null, false));
            return;
        }
        long declared = HttpUtil.getContentLength(r, -1L);
        if (settings.clientMaxBodySize() > 0 && declared > settings.clientMaxBodySize()) {
            fail(413);
            return;
        }
        if (HttpUtil.is100ContinueExpected(r)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        execute(d);
    }

    /** Carries out a routing decision: proxy it, or answer it ourselves. */
    private void execute(Action.Decided d) {
        settings = d.settings();
        // The last request keep-alive allows is answered with "Connection: close", as nginx does.
        if (served >= settings.keepaliveRequests() || settings.keepaliveTimeout() <= 0) keepAlive = false;
        if (d.action() instanceof Action.Proxy p) {
            exchange = new ProxyExchange(this, rt, req, d.settings(), p, d.statusOverride());
            exchange.start();
            return;
        }
        if (d.action() instanceof Action.StatusPage p) {
            StatusPages.Page page = StatusPages.render(p.kind(), rt);
            respond(ResponseWriter.ok(ctx, req, d.settings(), page.type(), page.body(), keepAlive));
            return;
        }
        if (d.action() instanceof Action.File f) {
            java.nio.channels.FileChannel ch;
            try {
                ch = FileResponses.open(f.path());
            } catch (java.io.IOException e) {
                // As nginx: the file is opened before the answer starts; a refusal is a 403 (404 if
                // it went away meanwhile) that error_page may catch.
                execute(Router.errorPages(req, new Action.Status(FileResponses.openFailure(e)), settings, null, false));
                return;
            }
            respond(ResponseWriter.file(ctx, req, d, ch, keepAlive));
            return;
        }
        respond(ResponseWriter.write(ctx, req, d, keepAlive));
    }

    /**
     * The origin failed before a response started (502, 504), or answered a status that
     * proxy_intercept_errors hands to error_page: nginx then applies error_page as for its own errors.
     */
    void upstreamStatus(int code) {
        exchange = null;
        if (req == null || closing) {
            fail(code);
            return;
        }
        execute(Router.errorPages(req, new Action.Status(code), settings, null, true));
    }

    private void onContent(HttpContent c) {
        timers.endPhase();
        int verdict = requestComplete && !c.decoderResult().isFailure() ? BodyPace.OK : pace.take(c, settings);
        if (requestComplete || verdict != BodyPace.OK) c.release();
        if (verdict == BodyPace.TOO_SLOW) {
            LOG.info("client {} sent its body below client_body_min_rate, closing", ctx.channel().remoteAddress());
            bodyTimedOut();
            return;
        }
        if (verdict != BodyPace.OK) {
            if (exchange != null) exchange.abort();
            fail(verdict);
            return;
        }
        if (requestComplete) return;
        boolean last = c instanceof LastHttpContent;
        if (last) requestComplete = true;
        if (exchange != null) {
            exchange.clientContent(c);
        } else {
            c.release();
            if (!last) readBody();
        }
        if (last) next();
    }

    /** Reads the next piece of the request body, for the exchange. */
    void readBody() {
        if (requestComplete || closing) return;
        // client_body_timeout: the gap between two reads of the body (nginx closes, logging 408).
        timers.phase(settings == null ? 60_000 : settings.clientBodyTimeout(), this::bodyTimedOut);
        pace.asked();
        readLater();
    }

    private void bodyTimedOut() {
        if (req != null) req.status = 408;
        AccessLogging.log(rt, req, settings);
        if (exchange != null) exchange.abort();
        abortResponse();
    }

    /**
     * Asks for the next message. FlowControlHandler counts a read() that produced no whole message
     * (a request head split over several socket reads, a body chunk still in flight) as satisfied
     * at channelReadComplete, so we remember that we are waiting and ask again there.
     */
    private void readLater() {
        awaiting = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (awaiting && !closing && ctx.channel().isActive()) ctx.read();
        ctx.fireChannelReadComplete();
    }

    void noKeepAlive() {
        keepAlive = false;
    }

    boolean keepAlive() {
        return keepAlive && !closing;
    }

    /** The exchange has written its last byte (or failed); {@code last} completes with it. */
    void respond(ChannelFuture last) {
        responseComplete = true;
        rt.stats.responded();
        AccessLogging.log(rt, req, settings);
        if (!keepAlive || (settings != null && served >= settings.keepaliveRequests())) {
            keepAlive = false;
            closing = requestComplete || closing;
            if (last != null) last.addListener(ChannelFutureListener.CLOSE);
            else ctx.close();
            if (!requestComplete) readBody();
            return;
        }
        if (!requestComplete) {
            // Drain the rest of the body; its last piece calls next().
            readBody();
            return;
        }
        next();
    }

    private void next() {
        if (!requestComplete || !responseComplete || closing) return;
        exchange = null;
        req = null;
        long idle = settings == null ? 75_000 : settings.keepaliveTimeout();
        if (idle <= 0) {
            ctx.close();
            return;
        }
        timers.phase(idle, this::abortResponse);
        readLater();
    }

    /** Answers {@code code} and closes (nginx closes after these errors). */
    void fail(int code) {
        timers.endPhase();
        keepAlive = false;
        closing = true;
        if (responseComplete) {
            ctx.close();
            return;
        }
        ChannelFuture f = ResponseWriter.status(ctx, req, settings, code, false);
        if (req != null) req.status = code;
        responseComplete = true;
        rt.stats.responded();
        AccessLogging.log(rt, req, settings);
        f.addListener(ChannelFutureListener.CLOSE);
    }

    /** The connection became a tunnel (WebSocket): no more requests are read as HTTP. */
    void tunnel() {
        exchange = null;
        awaiting = false;
        timers.endPhase();
    }

    /** The tunnel ended: log it as nginx does, with status 101. */
    void tunnelClosed() {
        closing = true;
        AccessLogging.log(rt, req, settings);
    }

    /** Graceful stop: an idle connection closes now, a busy one after its current response. */
    void drain() {
        keepAlive = false;
        if (req == null && requestComplete && responseComplete) abortResponse();
    }

    /** The response already started and cannot be completed: close without a final chunk. */
    void abortResponse() {
        closing = true;
        ctx.close();
    }

    private int localPort() {
        return RequestGuard.inet(ctx.channel().localAddress()).getPort();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // send_timeout: a client that stops reading for that long is closed, and memory stays bounded
        // because the origin is not read while the client cannot take more.
        if (ctx.channel().isWritable()) {
            timers.sendResumed();
            if (exchange != null) exchange.clientWritable();
        } else {
            timers.sendBlocked(settings == null ? 60_000 : settings.sendTimeout(), () -> {
                if (exchange != null) exchange.abort();
                abortResponse();
            });
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client {}: {}", ctx.channel().remoteAddress(), cause.toString(), cause);
        if (exchange != null) exchange.abort();
        ctx.close();
    }
}
