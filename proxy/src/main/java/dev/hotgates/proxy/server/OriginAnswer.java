package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Settings;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * What one attempt gets back from the origin, after its head passed the framing checks: a 1xx
 * is dropped, an answer that {@code proxy_next_upstream} sends to another server is drained and
 * skipped, one that {@code proxy_intercept_errors} hands to {@code error_page} is drained, and
 * anything else is relayed to the client as fast as the client takes it.
 */
final class OriginAnswer {

    private enum Drop { NONE, INTERIM, SKIP, INTERCEPT }

    private final ProxyExchange exchange;
    private final RequestCycle client;
    private final RequestContext req;
    private final Settings s;
    private final Action.Proxy action;
    private final int statusOverride;
    private Drop drop = Drop.NONE;
    private OriginChoice skipTo;
    private boolean originKeepAlive;

    OriginAnswer(ProxyExchange exchange, RequestCycle client, RequestContext req, Settings s, Action.Proxy action, int statusOverride) {
        this.exchange = exchange;
        this.client = client;
        this.req = req;
        this.s = s;
        this.action = action;
        this.statusOverride = statusOverride;
    }

    /** A new attempt begins. */
    void reset() {
        drop = Drop.NONE;
        skipTo = null;
    }

    /** 1xx: Expect was answered by us; the origin's interim response is dropped. */
    void interim() {
        drop = Drop.INTERIM;
    }

    /** A final head with usable framing; true when it was relayed (the response has started). */
    boolean head(HttpResponse r, OriginLink link, NextUpstream nextUp, boolean bodyWritten) {
        int code = r.status().code();
        originKeepAlive = HttpUtil.isKeepAlive(r);
        // proxy_next_upstream's http_403 … http_504: only an error status is worth the lookup.
        String condition = code >= 403 ? "http_" + code : null;
        if (condition != null && s.proxyNextUpstream().contains(condition) && nextUp.allows(condition, true, bodyWritten)) {
            OriginChoice next = nextUp.next(link.target);
            if (next != null) {
                // Another server will be asked: drop this answer's body, keep the connection if it can be.
                if (NextUpstream.isFailure(condition)) link.target.peer().failed(System.nanoTime());
                skipTo = next;
                drop = Drop.SKIP;
                return false;
            }
        }
        req.upstreamStatus = Integer.toString(code);
        if (s.proxyInterceptErrors() && code >= 300 && s.errorPages().containsKey(code) && !req.errorPageDone) {
            drop = Drop.INTERCEPT;   // the body is dropped; error_page answers instead
            return true;
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
        return true;
    }

    /** A piece of the body, relayed or dropped. */
    void content(HttpContent c, OriginLink link, boolean requestSent, boolean aborted) {
        boolean last = c instanceof LastHttpContent;
        if (drop != Drop.NONE || aborted) {
            c.release();
            if (last) endOfDroppedBody(link, requestSent);
            return;
        }
        req.sent(c.content().readableBytes());
        if (!last) {
            client.ctx().write(c);
            if (!client.ctx().channel().isWritable()) link.channel().config().setAutoRead(false);
            return;
        }
        // Done before anything reaches the client handler, which may read on synchronously.
        exchange.answered();
        if (link.target.peer() != null) link.target.peer().succeeded();
        req.upstreamNanos = System.nanoTime() - req.upstreamNanos;
        ChannelFuture f = client.ctx().writeAndFlush(c);
        link.release(requestSent && originKeepAlive);
        client.respond(f);
    }

    private void endOfDroppedBody(OriginLink link, boolean requestSent) {
        switch (drop) {
            case INTERIM -> drop = Drop.NONE;
            case SKIP -> {
                link.release(requestSent && originKeepAlive);
                exchange.retryOn(skipTo);
            }
            case INTERCEPT -> {
                exchange.answered();
                link.release(requestSent && originKeepAlive);
                client.upstreamStatus(Integer.parseInt(req.upstreamStatus));
            }
            default -> { }
        }
    }
}
