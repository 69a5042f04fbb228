package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.upstream.OriginHandler;
import dev.hotgates.proxy.upstream.OriginListener;
import dev.hotgates.proxy.upstream.OriginPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied request: picks the origin, borrows or opens a connection on the client's event
 * loop, streams the request body as the origin takes it and the response as the client takes it.
 * A request that fails on a reused connection before any response byte is retried once on a new
 * one, if idempotent and no body byte was sent (RFC 9112 §9.3.1, the keep-alive race).
 */
final class ProxyExchange implements OriginListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    private final ClientHandler client;
    private final ProxyRuntime rt;
    private final RequestContext req;
    private final Settings s;
    private final Action.Proxy action;
    private OriginChoice target;
    private NextUpstream nextUp;
    private OriginChoice pendingNext;
    private boolean skipping;
    private boolean headSent;
    private boolean peerHeld;
    private String key;
    private HttpRequest upstreamRequest;
    private Channel origin;
    private boolean reused;
    private boolean retried;
    private boolean bodyWritten;
    private boolean lastWritten;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean interim;
    private boolean originKeepAlive;
    private boolean aborted;
    private boolean waitingWritable;
    private long lastRead;
    private final Deadline readTimer;
    private final Deadline sendTimer;

    private final int statusOverride;
    private boolean intercepting;

    ProxyExchange(ClientHandler client, ProxyRuntime rt, RequestContext req, Settings s, Action.Proxy action, int statusOverride) {
        this.statusOverride = statusOverride;
        this.readTimer = new Deadline(client.ctx().executor());
        this.sendTimer = new Deadline(client.ctx().executor());
        this.client = client;
        this.rt = rt;
        this.req = req;
        this.s = s;
        this.action = action;
    }

    void start() {
        nextUp = new NextUpstream(rt, action, req, s);
        target = nextUp.first();
        if (target == null) {
            client.fail(500);
            return;
        }
        if (target == OriginChoice.NO_LIVE_UPSTREAM) {
            LOG.error("no live upstreams while connecting to upstream, client: {}, request: \"{}\"", req.remoteAddr(), req.get("request"));
            finishWithError(502);
            return;
        }
        req.proxyHost = target.proxyHost();
        upstreamRequest = Forwarding.toOrigin(req, s, target.uri(), target.pass());
        key = target.key();
        req.upstreamAddr = key;
        connect(false);
    }

    /** The attempt failed before a response started: maybe the next server (proxy_next_upstream). */
    private void failover(String condition, int status) {
        cancelReadTimer();
        if (target.peer() != null && NextUpstream.isFailure(condition)) target.peer().failed(System.nanoTime());
        releasePeer();
        OriginChoice next = !aborted && nextUp.allows(condition, headSent, bodyWritten) ? nextUp.next(target) : null;
        if (next == null) {
            finishWithError(status);
            return;
        }
        switchTo(next);
    }

    private void switchTo(OriginChoice next) {
        target = next;
        pendingNext = null;
        responseStarted = false;
        interim = false;
        skipping = false;
        reused = false;
        retried = false;
        headSent = false;
        key = next.key();
        req.upstreamAddr = key;
        connect(false);
    }

    private void connect(boolean fresh) {
        Channel ch = fresh ? null : OriginPool.current().acquire(key);
        if (ch != null) {
            reused = true;
            attach(ch);
            return;
        }
        reused = false;
        long started = System.nanoTime();
        rt.bootstrap(client.ctx().channel().eventLoop(), s.proxyConnectTimeout())
                .connect(target.host(), target.port()).addListener((ChannelFuture f) -> {
                    if (aborted) {
                        if (f.isSuccess()) f.channel().close();
                        return;
                    }
                    if (!f.isSuccess()) {
                        req.upstreamNanos = System.nanoTime() - started;
                        boolean timeout = f.cause() instanceof ConnectTimeoutException;
                        logError(timeout ? "timed out" : "connect() failed (" + f.cause().getMessage() + ")", "connecting");
                        failover(timeout ? "timeout" : "error", timeout ? 504 : 502);
                        return;
                    }
                    attach(f.channel());
                });
    }

    private void attach(Channel ch) {
        origin = ch;
        headSent = true;
        if (target.peer() != null && !peerHeld) {
            target.peer().acquire();
            peerHeld = true;
        }
        ch.pipeline().get(OriginHandler.class).bind(this);
        if (ch.remoteAddress() instanceof InetSocketAddress a) req.upstreamAddr = a.getAddress().getHostAddress() + ":" + a.getPort();
        req.upstreamNanos = System.nanoTime();
        origin.write(upstreamRequest);
        if (lastWritten) {
            origin.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            armReadTimer();
        } else {
            origin.flush();
            client.readBody();
        }
    }

    /** A piece of the client's body; ownership passes here. */
    void clientContent(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (origin == null || aborted || responseDone) {
            c.release();
            if (last) lastWritten = true;
            else client.readBody();
            return;
        }
        if (c.content().isReadable()) bodyWritten = true;
        origin.writeAndFlush(c);
        if (last) {
            lastWritten = true;
            armReadTimer();
        } else if (origin.isWritable()) {
            client.readBody();
        } else {
            waitingWritable = true;
            armSendTimer();
        }
    }

    /** proxy_send_timeout: the origin takes no more of the request body for that long. */
    private void armSendTimer() {
        sendTimer.armIfIdle(s.proxySendTimeout(), () -> {
            if (!waitingWritable || responseDone || aborted) return;
            logError("timed out", "sending request to upstream");
            boolean started = responseStarted;
            abort();
            if (!started) finishWithError(504);
            else client.abortResponse();
        });
    }

    @Override
    public void originWritable() {
        sendTimer.cancel();
        if (waitingWritable) {
            waitingWritable = false;
            client.readBody();
        }
    }

    void clientWritable() {
        if (origin != null && !origin.config().isAutoRead()) origin.config().setAutoRead(true);
    }

    @Override
    public void originResponse(HttpResponse r) {
        lastRead = System.nanoTime();
        if (r.status().code() < 200) {
            interim = true;   // 1xx: Expect was answered by us; drop the origin's interim response.
            return;
        }
        if (invalid(r)) {
            // RFC 9112 §6.3: an origin response with unusable framing is a 502, and its connection is dropped.
            dropOrigin();
            logError(r.decoderResult().isFailure() ? String.valueOf(r.decoderResult().cause()) : "sent an invalid header",
                    "reading response header from upstream");
            failover("invalid_header", 502);
            return;
        }
        int code = r.status().code();
        String condition = "http_" + code;
        if (s.proxyNextUpstream().contains(condition) && nextUp.allows(condition, true, bodyWritten)) {
            OriginChoice next = nextUp.next(target);
            if (next != null) {
                // Another server will be asked: drop this answer's body, keep the connection if it can be.
                if (NextUpstream.isFailure(condition)) target.peer().failed(System.nanoTime());
                pendingNext = next;
                skipping = true;
                originKeepAlive = HttpUtil.isKeepAlive(r);
                return;
            }
        }
        responseStarted = true;
        req.upstreamStatus = Integer.toString(code);
        originKeepAlive = HttpUtil.isKeepAlive(r);
        if (s.proxyInterceptErrors() && code >= 300 && s.errorPages().containsKey(code) && !req.errorPageDone) {
            intercepting = true;   // the body is dropped; error_page answers instead
            return;
        }
        HttpResponse out = Forwarding.clientResponse(r, req, s, action.location(), statusOverride);
        if (out == null) {
            // No length and an HTTP/1.0 client: the end of the body is the end of the connection.
            out = Forwarding.clientResponse(r, req, s, action.location(), statusOverride, false);
            client.noKeepAlive();
        }
        ResponseWriter.finish(out, req, s, client.keepAlive());
        req.status = out.status().code();
        client.ctx().write(out);
    }

    @Override
    public void originContent(HttpContent c) {
        lastRead = System.nanoTime();
        boolean last = c instanceof LastHttpContent;
        if (interim) {
            c.release();
            if (last) interim = false;
            return;
        }
        if (aborted) {
            c.release();
            return;
        }
        if (skipping) {
            c.release();
            if (last) {
                cancelReadTimer();
                releaseOrigin(lastWritten && originKeepAlive);
                switchTo(pendingNext);
            }
            return;
        }
        if (intercepting) {
            c.release();
            if (last) {
                responseDone = true;
                cancelReadTimer();
                releaseOrigin(lastWritten && originKeepAlive);
                client.upstreamStatus(Integer.parseInt(req.upstreamStatus));
            }
            return;
        }
        req.sent(c.content().readableBytes());
        if (!last) {
            client.ctx().write(c);
            if (!client.ctx().channel().isWritable()) origin.config().setAutoRead(false);
            return;
        }
        responseDone = true;
        cancelReadTimer();
        if (target.peer() != null) target.peer().succeeded();
        req.upstreamNanos = System.nanoTime() - req.upstreamNanos;
        ChannelFuture f = client.ctx().writeAndFlush(c);
        releaseOrigin(lastWritten && originKeepAlive);
        client.respond(f);
    }

    @Override
    public void originReadComplete() {
        client.ctx().flush();
    }

    @Override
    public void originInactive() {
        if (responseDone || aborted) return;
        originGone(null);
    }

    @Override
    public void originFailed(Throwable cause) {
        if (responseDone || aborted) return;
        originGone(cause);
    }

    private void originGone(Throwable cause) {
        cancelReadTimer();
        origin = null;
        if (!responseStarted && reused && !retried && !bodyWritten && NextUpstream.idempotent(req.request.method())) {
            retried = true;
            connect(true);
            return;
        }
        logError(cause == null ? "prematurely closed connection" : cause.toString(), "reading response header from upstream");
        if (!responseStarted) {
            failover("error", 502);
        } else {
            releasePeer();
            client.abortResponse();
        }   // no final chunk: the client sees the truncation (NETTY-PITFALLS §13)
    }

    /** A response head we must not relay: undecodable, a status outside 100-599, or ambiguous length. */
    private static boolean invalid(HttpResponse r) {
        if (r.decoderResult().isFailure()) return true;
        int code = r.status().code();
        if (code < 100 || code > 599) return true;
        return r.headers().contains(io.netty.handler.codec.http.HttpHeaderNames.TRANSFER_ENCODING)
                && r.headers().contains(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH)
                || r.headers().getAll(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH).size() > 1;
    }

    /** nginx's error-log wording: "upstream X timed out while connecting, client: ..., request: ...". */
    private void logError(String what, String during) {
        LOG.error("upstream {} {} while {}, client: {}, request: \"{}\"", key, what, during, req.remoteAddr(), req.get("request"));
    }

    private void finishWithError(int code) {
        responseDone = true;
        client.upstreamStatus(code);
    }

    private void releasePeer() {
        if (peerHeld) {
            peerHeld = false;
            target.peer().release();
        }
    }

    /** Closes the current origin connection without ending the exchange. */
    private void dropOrigin() {
        Channel ch = origin;
        origin = null;
        releasePeer();
        if (ch != null) {
            ch.pipeline().get(OriginHandler.class).unbind();
            ch.close();
        }
    }

    private void releaseOrigin(boolean reusable) {
        releasePeer();
        Channel ch = origin;
        origin = null;
        if (ch == null) return;
        ch.pipeline().get(OriginHandler.class).unbind();
        if (!ch.config().isAutoRead()) ch.config().setAutoRead(true);
        if (reusable) OriginPool.current().release(key, ch, target.keepalive(), target.keepaliveTimeoutMs());
        else ch.close();
    }

    /** The client went away or sent something that ends the exchange: drop the origin connection. */
    void abort() {
        aborted = true;
        cancelReadTimer();
        sendTimer.cancel();
        dropOrigin();
    }

    void clientClosed() {
        if (!responseDone) abort();
    }

    private void armReadTimer() {
        lastRead = System.nanoTime();
        scheduleReadCheck(s.proxyReadTimeout());
    }

    private void scheduleReadCheck(long millis) {
        readTimer.arm(millis, this::checkRead);
    }

    /** proxy_read_timeout counts from the last byte read from the origin. */
    private void checkRead() {
        if (responseDone || aborted) return;
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRead);
        if (idle < s.proxyReadTimeout()) {
            scheduleReadCheck(s.proxyReadTimeout() - idle);
            return;
        }
        logError("timed out", "reading response header from upstream");
        if (!responseStarted) {
            dropOrigin();
            failover("timeout", 504);
        } else {
            abort();
            client.abortResponse();
        }
    }

    private void cancelReadTimer() {
        readTimer.cancel();
    }
}
