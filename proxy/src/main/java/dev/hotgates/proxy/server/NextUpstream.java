package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.upstream.Peer;
import io.netty.handler.codec.http.HttpMethod;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code proxy_next_upstream}, {@code _tries} and {@code _timeout}: whether a failed attempt is
 * repeated on another server. A request whose body was already streamed to an origin cannot be
 * replayed (we do not buffer bodies), and a non-idempotent one that reached an origin is not
 * repeated unless {@code non_idempotent} is listed.
 */
final class NextUpstream {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final ProxyRuntime rt;
    private final Action.Proxy action;
    private final RequestContext req;
    private final Settings s;
    private final Set<Peer> tried = new HashSet<>();
    private final long started = System.nanoTime();
    private int attempts = 1;

    NextUpstream(ProxyRuntime rt, Action.Proxy action, RequestContext req, Settings s) {
        this.rt = rt;
        this.action = action;
        this.req = req;
        this.s = s;
    }

    static boolean idempotent(HttpMethod m) {
        return IDEMPOTENT.contains(m);
    }

    OriginChoice first() {
        return OriginChoice.choose(rt, action, req, tried);
    }

    /** nginx does not count 403 and 404 answers as failures of the server. */
    static boolean isFailure(String condition) {
        return !condition.equals("http_403") && !condition.equals("http_404");
    }

    /** May an attempt that ended with {@code condition} go to another server? */
    boolean allows(String condition, boolean requestSent, boolean bodySent) {
        Set<String> on = s.proxyNextUpstream();
        if (!on.contains(condition) || bodySent) return false;
        if (requestSent && !idempotent(req.request.method()) && !on.contains("non_idempotent")) return false;
        if (s.proxyNextUpstreamTries() > 0 && attempts >= s.proxyNextUpstreamTries()) return false;
        long timeout = s.proxyNextUpstreamTimeout();
        return timeout <= 0 || (System.nanoTime() - started) / 1_000_000 < timeout;
    }

    /** The next server after {@code failed}, or null when none is left. */
    OriginChoice next(OriginChoice failed) {
        if (failed.peer() == null) return null;
        tried.add(failed.peer());
        OriginChoice c = OriginChoice.choose(rt, action, req, tried);
        if (c == null || c == OriginChoice.NO_LIVE_UPSTREAM) return null;
        attempts++;
        return c;
    }
}
