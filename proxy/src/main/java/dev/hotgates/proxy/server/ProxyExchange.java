package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.upstream.OriginListener;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One proxied request: picks the origin, borrows or opens a connection on the client's event
 * loop, streams the request body as the origin takes it and the response as the client takes it.
 * A failed attempt goes to the next server when proxy_next_upstream allows; a request that fails
 * on a reused connection before any response byte is retried once on a new one, if idempotent and
 * no body byte was sent (RFC 9112 §9.3.1, the keep-alive race).
 */
final class ProxyExchange implements OriginListener, OriginLink.Connecting {

    private final RequestCycle client;
    private final ProxyRuntime rt;
    private final RequestContext req;
    private final Settings s;
    private final Action.Proxy action;
    private final OriginTimeouts timeouts;
    private final OriginAnswer answer;
    private final BodyUpload upload;
    private NextUpstream nextUp;
    private OriginLink link;
    private HttpRequest upstreamRequest;
    private boolean headSent;
    private boolean retried;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean aborted;

    ProxyExchange(RequestCycle client, ProxyRuntime rt, RequestContext req, Settings s, Action.Proxy action, int statusOverride) {
        this.client = client;
        this.rt = rt;
        this.req = req;
        this.s = s;
        this.action = action;
        this.timeouts = client.originTimeouts();
        this.answer = new OriginAnswer(this, client, req, s, action, statusOverride);
        this.upload = new BodyUpload(client, timeouts, s.proxySendTimeout(), this::sendTimedOut);
    }

    void start() {
        nextUp = new NextUpstream(rt, action, req, s);
        OriginChoice first = nextUp.first();
        if (first == null) {
            client.fail(500);
            return;
        }
        if (first == OriginChoice.NO_LIVE_UPSTREAM) {
            UpstreamErrors.noLiveUpstreams(req);
            finishWithError(502);
            return;
        }
        req.proxyHost = first.proxyHost();
        upstreamRequest = Forwarding.toOrigin(req, s, first.uri(), first.pass());
        begin(first);
    }

    /** A new attempt, on {@code target}. */
    private void begin(OriginChoice target) {
        link = new OriginLink(target);
        req.upstreamAddr = link.key;
        req.upstreamSocket = null;
        answer.reset();
        responseStarted = false;
        retried = false;
        headSent = false;
        connect(false);
    }

    /** The attempt failed before a response started: maybe the next server (proxy_next_upstream). */
    private void failover(String condition, int status) {
        timeouts.cancelRead();
        if (link.target.peer() != null && NextUpstream.isFailure(condition)) link.target.peer().failed(System.nanoTime());
        link.releasePeer();
        OriginChoice next = !aborted && nextUp.allows(condition, headSent, upload.written()) ? nextUp.next(link.target) : null;
        if (next == null) finishWithError(status);
        else begin(next);
    }

    private void connect(boolean fresh) {
        link.connect(fresh, rt, client.ctx(), s.proxyConnectTimeout(), this);
    }

    @Override
    public boolean wants(OriginLink attempt) {
        return !aborted && attempt == link;
    }

    @Override
    public void connectFailed(Throwable cause, long nanos) {
        req.upstreamNanos = nanos;
        boolean timeout = cause instanceof ConnectTimeoutException;
        logError(timeout ? "timed out" : "connect() failed (" + UpstreamErrors.describe(cause) + ")", "connecting");
        failover(timeout ? "timeout" : "error", timeout ? 504 : 502);
    }

    @Override
    public void connected(Channel ch) {
        link.bind(ch, this);
        headSent = true;
        req.upstreamSocket = ch.remoteAddress();
        req.upstreamNanos = System.nanoTime();
        ch.write(upstreamRequest);
        if (upload.complete()) {
            ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            armReadTimer();
        } else {
            ch.flush();
            client.readBody();
        }
    }

    /** A piece of the client's body; ownership passes here. */
    void clientContent(HttpContent c) {
        if (upload.take(c, link == null ? null : link.channel(), aborted || responseDone)) armReadTimer();
    }

    /** proxy_send_timeout: the origin took no more of the request body for that long. */
    private void sendTimedOut() {
        if (!upload.waiting() || responseDone || aborted) return;
        logError("timed out", "sending request to upstream");
        boolean started = responseStarted;
        abort();
        if (!started) finishWithError(504);
        else client.abortResponse();
    }

    @Override
    public void originWritable() {
        upload.originWritable();
    }

    void clientWritable() {
        Channel origin = link == null ? null : link.channel();
        if (origin != null && !origin.config().isAutoRead()) origin.config().setAutoRead(true);
    }

    @Override
    public void originResponse(HttpResponse r) {
        timeouts.touched();
        if (r.status().code() == 101 && Tunnel.requested(upstreamRequest) && !aborted) {
            upgrade(r);
            return;
        }
        if (r.status().code() < 200) {
            answer.interim();
            return;
        }
        if (Forwarding.unusable(r)) {
            // RFC 9112 §6.3: an origin response with unusable framing is a 502, and its connection is dropped.
            link.drop();
            logError(r.decoderResult().isFailure() ? String.valueOf(r.decoderResult().cause()) : "sent an invalid header",
                    "reading response header from upstream");
            failover("invalid_header", 502);
            return;
        }
        if (answer.head(r, link, nextUp, upload.written())) responseStarted = true;
    }

    @Override
    public void originContent(HttpContent c) {
        timeouts.touched();
        answer.content(c, link, upload.complete(), aborted);
    }

    /** The answer's last byte is on its way to the client (or error_page takes over). */
    void answered() {
        responseDone = true;
        timeouts.cancelRead();
    }

    /** proxy_next_upstream: the answer was drained; the same request goes to {@code next}. */
    void retryOn(OriginChoice next) {
        timeouts.cancelRead();
        begin(next);
    }

    @Override
    public void originReadComplete() {
        client.ctx().flush();
    }

    @Override
    public void originInactive() {
        if (!responseDone && !aborted) originGone(null);
    }

    @Override
    public void originFailed(Throwable cause) {
        if (!responseDone && !aborted) originGone(cause);
    }

    private void originGone(Throwable cause) {
        timeouts.cancelRead();
        link.lost();
        if (!responseStarted && link.reused() && !retried && !upload.written() && NextUpstream.idempotent(req.request.method())) {
            retried = true;
            connect(true);
            return;
        }
        logError(cause == null ? "prematurely closed connection" : cause.toString(), "reading response header from upstream");
        if (!responseStarted) failover("error", 502);
        else client.abortResponse();   // no final chunk: the client sees the truncation (NETTY-PITFALLS §13)
    }

    /** nginx's error-log wording: "upstream X timed out while connecting, client: ..., request: ...". */
    private void logError(String what, String during) {
        UpstreamErrors.log(link.key, what, during, req);
    }

    /** 101 to an upgrade request: the exchange becomes a tunnel and is done as an exchange. */
    private void upgrade(HttpResponse r) {
        timeouts.cancelRead();
        timeouts.cancelSend();
        responseStarted = true;
        responseDone = true;
        Tunnel.takeOver(client, link, r, req, s);
    }

    private void finishWithError(int code) {
        responseDone = true;
        client.upstreamStatus(code);
    }

    /** The client went away or sent something that ends the exchange: drop the origin connection. */
    void abort() {
        aborted = true;
        timeouts.cancelRead();
        timeouts.cancelSend();
        if (link != null) link.drop();
    }

    void clientClosed() {
        if (!responseDone) abort();
    }

    /** proxy_read_timeout, from the last byte read from the origin. */
    private void armReadTimer() {
        timeouts.armRead(s.proxyReadTimeout(), () -> !responseDone && !aborted, this::readTimedOut);
    }

    private void readTimedOut() {
        logError("timed out", "reading response header from upstream");
        if (!responseStarted) {
            link.drop();
            failover("timeout", 504);
        } else {
            abort();
            client.abortResponse();
        }
    }
}
