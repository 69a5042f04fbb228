package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.ProxyPass;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.upstream.Balancer;
import dev.hotgates.proxy.upstream.Peer;
import java.util.Set;

/**
 * Where one attempt of a proxied request goes: a peer of an upstream block (with its keep-alive
 * limits), or the host written in {@code proxy_pass}; and the URI to send.
 */
record OriginChoice(String host, int port, String proxyHost, int keepalive, long keepaliveTimeoutMs,
                    ProxyPass pass, String uri, Peer peer) {

    /** No server of the upstream can take the attempt (all down, tried, or at max_conns). */
    static final OriginChoice NO_LIVE_UPSTREAM = new OriginChoice(null, 0, null, 0, 0, null, null, null);

    /** Defaults for a host written directly in proxy_pass (no upstream block). */
    private static final int KEEPALIVE = 32;
    private static final long KEEPALIVE_TIMEOUT_MS = 15_000;

    String key() {
        return host + ":" + port;
    }

    /** null when a proxy_pass with variables renders to something that is not an http URL. */
    static OriginChoice choose(ProxyRuntime rt, Action.Proxy action, RequestContext req, Set<Peer> tried) {
        ProxyPass p = action.pass();
        String uri = action.upstreamUri();
        if (p.dynamic() != null) {
            p = DynamicTarget.parse(p.dynamic().render(req));
            if (p == null) return null;
            uri = p.uriPart() == null ? req.target.raw() : p.uriPart();
        }
        Balancer b = rt.balancer(p.upstream() == null ? p.proxyHost() : p.upstream());
        if (b == null) {
            return tried.isEmpty() ? new OriginChoice(p.host(), p.port(), p.proxyHost(), KEEPALIVE, KEEPALIVE_TIMEOUT_MS, p, uri, null)
                    : NO_LIVE_UPSTREAM;
        }
        Upstream u = b.upstream();
        String hashKey = u.hashKey() == null ? null : u.hashKey().render(req);
        Peer peer = b.pick(req.remote.getAddress().getAddress(), hashKey, tried, System.nanoTime());
        if (peer == null) return NO_LIVE_UPSTREAM;
        return new OriginChoice(peer.server().host(), peer.server().port(), u.name(), u.keepalive(), u.keepaliveTimeoutMs(),
                p, uri, peer);
    }
}
