package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.routing.RequestTarget;
import dev.hotgates.proxy.routing.ServerSelector;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * What a request head leads to, in nginx's order: the virtual server (by port and Host), the
 * checks Netty's decoder leaves to us, the request's context, routing, then the early answers
 * (497 for plain HTTP on a TLS port, 413 for a declared body over client_max_body_size).
 *
 * @param refused  a status to answer and close with, before any routing; else 0
 * @param req      the request's context (null when refused before it could be made)
 * @param settings the settings that apply (the server's when refused, else the location's)
 * @param decided  what to do (null when refused)
 * @param close    the connection closes after this answer
 */
record RequestHead(int refused, RequestContext req, Settings settings, Action.Decided decided, boolean close) {

    static RequestHead of(ProxyRuntime rt, ChannelHandlerContext ctx, HttpRequest r, int localPort, int served, Secure secure) {
        String host = RequestGuard.hostOf(r);
        ServerConfig server = ServerSelector.select(rt.config.servers(), localPort, host, null);
        Settings serverSettings = server == null ? null : server.settings();
        RequestTarget target = RequestGuard.target(r);
        int bad = RequestGuard.refuse(r, serverSettings);
        if (bad != 0 || target == null || server == null) return new RequestHead(bad == 0 ? 400 : bad, null, serverSettings, null, true);
        RequestContext req = new RequestContext(rt.config, r, target, RequestGuard.inet(ctx.channel().remoteAddress()),
                RequestGuard.inet(ctx.channel().localAddress()), host, served, rt.stats);
        req.server = server;
        secure.describe(req);
        Action.Decided d = Router.route(req, null);
        Settings s = d.settings();
        if (secure.plainOnTlsPort()) {
            // nginx's 497: answered through error_page (error_page 497 https://$host$request_uri; works), then closed.
            return new RequestHead(0, req, s, Router.errorPages(req, new Action.Status(497), s, null, false), true);
        }
        long declared = HttpUtil.getContentLength(r, -1L);
        if (s.clientMaxBodySize() > 0 && declared > s.clientMaxBodySize()) return new RequestHead(413, req, s, null, true);
        return new RequestHead(0, req, s, d, false);
    }
}
