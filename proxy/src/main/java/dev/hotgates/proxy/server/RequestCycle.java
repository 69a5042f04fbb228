package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.statics.FileResponses;
import dev.hotgates.proxy.statics.OpenFiles;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * The requests of one client connection, one at a time: a head is routed and carried out (proxied,
 * or answered here), its body read as the exchange asks for it, the response completed, and then
 * the connection either waits for the next request (keep-alive) or closes.
 */
final class RequestCycle {

    private final ClientHandler conn;
    private final ClientBody body;
    private ProxyRuntime rt;
    private RequestContext req;
    private Settings settings;
    private ProxyExchange exchange;
    private boolean responseComplete = true;
    private boolean keepAlive;
    private boolean closing;
    private Secure secure;
    private int served;

    RequestCycle(ClientHandler conn, ProxyRuntime rt) {
        this.conn = conn;
        this.rt = rt;
        this.body = new ClientBody(this, conn);
    }

    ChannelHandlerContext ctx() {
        return conn.ctx();
    }

    /** The exchange's proxy_read_timeout and proxy_send_timeout: one exchange at a time, timers kept per connection. */
    OriginTimeouts originTimeouts() {
        return conn.timers().origin();
    }

    /** The configuration this connection's next request follows (the newest once a request starts). */
    ProxyRuntime runtime() {
        return rt;
    }

    void disconnected() {
        rt.stats.closed();
        if (responseComplete) rt.stats.reading(req == null && body.complete() ? -1 : 0);
        else rt.stats.writing(-1);
        if (exchange != null) exchange.clientClosed();
        exchange = null;
    }

    void read(Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HttpRequest r) {
            onRequest(r);
            if (msg instanceof HttpContent c) body.take(c, settings, exchange);
        } else if (msg instanceof HttpContent c) {
            body.take(c, settings, exchange);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest r) {
        conn.timers().endPhase();
        // After a reload the next request follows the new configuration.
        ProxyRuntime latest = LoopState.current().runtime;
        if (latest != null) rt = latest;
        rt.stats.requestStarted();
        served++;
        body.expect();
        responseComplete = false;
        keepAlive = HttpUtil.isKeepAlive(r);
        if (secure == null) secure = Secure.of(conn.ctx());
        RequestHead head = RequestHead.of(rt, conn.ctx(), r, conn.localPort(), served, secure);
        req = head.req();
        settings = head.settings();
        if (head.refused() != 0) {
            fail(head.refused());
            return;
        }
        if (head.close()) {
            keepAlive = false;
        } else if (HttpUtil.is100ContinueExpected(r)) {
            conn.ctx().writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        execute(head.decided());
    }

    /** Carries out a routing decision: proxy it, or answer it ourselves. */
    private void execute(Action.Decided d) {
        settings = d.settings();
        // The last request keep-alive allows is answered with "Connection: close", as nginx does.
        if (served >= settings.keepaliveRequests() || settings.keepaliveTimeout() <= 0) keepAlive = false;
        ChannelHandlerContext ctx = conn.ctx();
        if (d.action() instanceof Action.Proxy p) {
            exchange = new ProxyExchange(this, rt, req, d.settings(), p, d.statusOverride());
            exchange.start();
        } else if (d.action() instanceof Action.StatusPage p) {
            StatusPages.Page page = StatusPages.render(p.kind(), rt);
            respond(ResponseWriter.ok(ctx, req, d.settings(), page.type(), page.body(), keepAlive));
        } else if (d.action() instanceof Action.File f) {
            OpenFiles.Opened ch;
            try {
                ch = OpenFiles.open(f.path(), f.attrs(), ctx.executor());
            } catch (IOException e) {
                // As nginx: the file is opened before the answer starts; a refusal is a 403 (404 if
                // it went away meanwhile) that error_page may catch.
                execute(Router.errorPages(req, new Action.Status(FileResponses.openFailure(e)), settings, null, false));
                return;
            }
            respond(ResponseWriter.file(ctx, req, d, ch, keepAlive));
        } else {
            respond(ResponseWriter.write(ctx, req, d, keepAlive));
        }
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

    /** Reads the next piece of the request body, for the exchange. */
    void readBody() {
        body.read(settings);
    }

    /** client_body_timeout or client_body_min_rate: nginx logs 408 and closes. */
    void bodyTimedOut() {
        if (req != null) req.status = 408;
        AccessLogging.log(rt, req, settings);
        abortExchange();
        abortResponse();
    }

    void noKeepAlive() {
        keepAlive = false;
    }

    boolean keepAlive() {
        return keepAlive && !closing;
    }

    boolean closing() {
        return closing;
    }

    /** The exchange has written its last byte (or failed); {@code last} completes with it. */
    void respond(ChannelFuture last) {
        responseComplete = true;
        rt.stats.responded();
        AccessLogging.log(rt, req, settings);
        if (!keepAlive || (settings != null && served >= settings.keepaliveRequests())) {
            keepAlive = false;
            closing = body.complete() || closing;
            if (last != null) last.addListener(ChannelFutureListener.CLOSE);
            else conn.ctx().close();
            if (!body.complete()) readBody();
            return;
        }
        if (!body.complete()) {
            // Drain the rest of the body; its last piece calls next().
            readBody();
            return;
        }
        next();
    }

    /** The request and its answer are done: wait for the next one, or close. */
    void next() {
        if (!body.complete() || !responseComplete || closing) return;
        exchange = null;
        req = null;
        long idle = settings == null ? 75_000 : settings.keepaliveTimeout();
        if (idle <= 0) {
            conn.ctx().close();
            return;
        }
        conn.timers().phase(idle, this::abortResponse);
        conn.readLater();
    }

    /** Answers {@code code} and closes (nginx closes after these errors). */
    void fail(int code) {
        conn.timers().endPhase();
        keepAlive = false;
        closing = true;
        if (responseComplete) {
            conn.ctx().close();
            return;
        }
        ChannelFuture f = ResponseWriter.status(conn.ctx(), req, settings, code, false);
        if (req != null) req.status = code;
        responseComplete = true;
        rt.stats.responded();
        AccessLogging.log(rt, req, settings);
        f.addListener(ChannelFutureListener.CLOSE);
    }

    /** The connection became a tunnel (WebSocket): no more requests are read as HTTP. */
    void tunnel() {
        exchange = null;
        conn.tunnel();
    }

    /** The tunnel ended: log it as nginx does, with status 101. */
    void tunnelClosed() {
        closing = true;
        AccessLogging.log(rt, req, settings);
    }

    /** Graceful stop: an idle connection closes now, a busy one after its current response. */
    void drain() {
        keepAlive = false;
        if (req == null && body.complete() && responseComplete) abortResponse();
    }

    /** The response already started and cannot be completed: close without a final chunk. */
    void abortResponse() {
        closing = true;
        conn.ctx().close();
    }

    /** The client went away or sent something that ends the exchange: the origin's connection is dropped. */
    void abortExchange() {
        if (exchange != null) exchange.abort();
    }

    /** The client takes bytes again: so may the origin's side. */
    void clientWritable() {
        if (exchange != null) exchange.clientWritable();
    }

    /** send_timeout: the client took none of our bytes for that long. */
    long sendTimeout() {
        return settings == null ? 60_000 : settings.sendTimeout();
    }
}
