package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.ProxyPass;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import dev.hotgates.proxy.upstream.Balancer;

/**
 * Where one proxied request goes: the next peer of an upstream block, or the host written in
 * {@code proxy_pass}; with the keep-alive limits of that upstream and the URI to send.
 */
record OriginChoice(String host, int port, String proxyHost, int keepalive, long keepaliveTimeoutMs,
                    ProxyPass pass, String uri) {

    /** Defaults for a host written directly in proxy_pass (no upstream block). */
    private static final int KEEPALIVE = 32;
    private static final long KEEPALIVE_TIMEOUT_MS = 15_000;

    String key() {
        return host + ":" + port;
    }

    /** null when a proxy_pass with variables renders to something that is not an http URL. */
    static OriginChoice choose(ProxyRuntime rt, Action.Proxy action, RequestContext req) {
        ProxyPass p = action.pass();
        String uri = action.upstreamUri();
        if (p.dynamic() != null) {
            p = DynamicTarget.parse(p.dynamic().render(req));
            if (p == null) return null;
            uri = p.uriPart() == null ? req.target.raw() : p.uriPart();
        }
        Balancer b = rt.balancer(p.upstream() == null ? p.proxyHost() : p.upstream());
        if (b == null) return new OriginChoice(p.host(), p.port(), p.proxyHost(), KEEPALIVE, KEEPALIVE_TIMEOUT_MS, p, uri);
        UpstreamServer peer = b.next();
        Upstream u = b.upstream();
        return new OriginChoice(peer.host(), peer.port(), u.name(), u.keepalive(), u.keepaliveTimeoutMs(), p, uri);
    }
}
