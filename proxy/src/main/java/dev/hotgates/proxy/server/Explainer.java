package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.ProxyPass;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.routing.RequestTarget;
import dev.hotgates.proxy.routing.ServerSelector;
import dev.hotgates.proxy.statics.FileResponses;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code proxy explain METHOD URL [Header:value ...]}: how a request would be handled, step by
 * step, using the same routing functions as live traffic and opening no socket.
 */
public final class Explainer {

    private Explainer() { }

    public static String explain(ProxyConfig config, String method, String url, List<String> headers) {
        StringBuilder out = new StringBuilder();
        String host = "localhost";
        int port = -1;
        String path = url;
        if (url.startsWith("http://")) {
            int slash = url.indexOf('/', 7);
            String authority = url.substring(7, slash < 0 ? url.length() : slash);
            path = slash < 0 ? "/" : url.substring(slash);
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? 80 : Integer.parseInt(authority.substring(colon + 1));
        }
        if (port < 0) port = config.servers().isEmpty() ? 80 : config.servers().get(0).listens().get(0).port();
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method.toUpperCase()), path);
        r.headers().set("Host", port == 80 ? host : host + ":" + port);
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0) r.headers().set(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        out.append("Request\n  ").append(r.method()).append(' ').append(path).append(" HTTP/1.1\n");
        r.headers().forEach(e -> out.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        out.append("  arriving on port ").append(port).append(" from 127.0.0.1\n\n");
        RequestTarget target;
        try {
            target = RequestTarget.parse(path);
        } catch (RequestTarget.Invalid e) {
            return out.append("Outcome\n  400 Bad Request: ").append(e.getMessage()).append('\n').toString();
        }
        if (!target.uri().equals(target.rawPath())) {
            out.append("Normalized URI\n  ").append(target.rawPath()).append("  ->  ").append(target.uri())
                    .append("  (%XX decoded, dot segments resolved, slashes merged)\n\n");
        }
        List<String> steps = new ArrayList<>();
        out.append("Server\n");
        ServerConfig server = ServerSelector.select(config.servers(), port, RequestGuard.hostOf(r), steps::add);
        steps.forEach(s -> out.append("  ").append(s).append('\n'));
        steps.clear();
        if (server == null) return out.append("  no server listens on port ").append(port).append(": connection refused\n").toString();
        RequestContext ctx = new RequestContext(config, r, target, new InetSocketAddress("127.0.0.1", 54321),
                new InetSocketAddress("127.0.0.1", port), RequestGuard.hostOf(r), 1, new dev.hotgates.proxy.observe.Stats());
        ctx.server = server;
        Action.Decided d = Router.route(ctx, steps::add);
        int lastWinner = -1;
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).startsWith("=>")) lastWinner = i;
        out.append("\nLocations, in nginx's order\n");
        for (int i = 0; i < steps.size(); i++) {
            if (i == lastWinner + 1) out.append("\nThen\n");
            String step = steps.get(i);
            out.append(step.startsWith("=>") ? "  " : "    ").append(step).append('\n');
        }
        out.append("\nOutcome\n");
        outcome(out, config, ctx, d);
        if (ctx.location != null) {
            String where = ctx.location.where();
            for (String w : config.warnings()) {
                if (w.endsWith(" in " + where)) out.append("\nWarning\n  ").append(w, 0, w.length() - where.length() - 4).append('\n');
            }
        }
        return out.toString();
    }

    private static void outcome(StringBuilder out, ProxyConfig config, RequestContext ctx, Action.Decided d) {
        String override = d.statusOverride() > 0 ? " (answered with status " + d.statusOverride() + " by error_page)" : "";
        Action a = d.action();
        if (a instanceof Action.Proxy p) {
            ProxyPass pass = p.pass();
            Upstream u = pass.upstream() == null ? config.upstreams().get(pass.proxyHost()) : config.upstreams().get(pass.upstream());
            ctx.proxyHost = u != null ? u.name() : pass.proxyHost();
            out.append("  proxy to ").append(pass.dynamic() != null ? pass.dynamic().source() : pass.url()).append(override).append('\n');
            if (u != null) {
                out.append("  upstream \"").append(u.name()).append("\" (").append(u.where()).append("): ")
                        .append(new dev.hotgates.proxy.upstream.Balancer(u).methodName()).append(" over");
                u.servers().forEach(s -> out.append(' ').append(s.address()).append(s.weight() == 1 ? "" : " weight=" + s.weight())
                        .append(s.backup() ? " backup" : "").append(s.down() ? " down" : ""));
                out.append("; keepalive ").append(u.keepalive()).append(" idle connections per peer per event loop, closed after ")
                        .append(u.keepaliveTimeoutMs() / 1000).append(" s idle\n");
                for (var server : u.servers()) {
                    out.append("    peer ").append(server.address()).append(": max_fails=").append(server.maxFails())
                            .append(" fail_timeout=").append(server.failTimeoutMs() / 1000).append("s")
                            .append(server.maxConns() > 0 ? " max_conns=" + server.maxConns() : "")
                            .append(server.resolve() ? "; \"" + server.host() + "\" is looked up again every "
                                    + (u.resolver() == null ? 5 : u.resolver().validMs() / 1000) + " s through "
                                    + (u.resolver() == null || u.resolver().addresses().isEmpty() ? "the system resolver"
                                    : String.join(" ", u.resolver().addresses())) + ", one peer per address" : "")
                            .append('\n');
                }
            }
            var next = d.settings().proxyNextUpstream();
            out.append("  if an attempt fails: ").append(next.isEmpty() ? "no other server is tried (proxy_next_upstream off)"
                    : "the next server is tried on " + String.join(", ", new java.util.TreeSet<>(next))).append('\n');
            String uri = p.upstreamUri() == null ? ctx.target.raw() : p.upstreamUri();
            HttpRequest up = Forwarding.toOrigin(ctx, d.settings(), uri, pass);
            out.append("\n  request sent upstream:\n    ").append(up.method()).append(' ').append(up.uri()).append(' ')
                    .append(up.protocolVersion()).append('\n');
            for (Map.Entry<String, String> e : up.headers()) out.append("    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
            if (d.settings().proxySetHeaders().stream().noneMatch(h -> h.name().equalsIgnoreCase("Host"))) {
                out.append("  (Host is $proxy_host, not the client's Host: add \"proxy_set_header Host $host;\" to pass it on)\n");
            }
        } else if (a instanceof Action.File f) {
            out.append("  200: serve ").append(f.path()).append(" (").append(f.attrs().size()).append(" bytes, ")
                    .append(FileResponses.contentType(f.path(), d.settings())).append(")").append(override).append('\n');
        } else if (a instanceof Action.Redirect r) {
            out.append("  ").append(r.code()).append(" redirect to ").append(ResponseWriter.absolute(ctx, r.location())).append('\n');
        } else if (a instanceof Action.Text t) {
            out.append("  ").append(t.code()).append(" with body \"").append(t.body()).append("\"\n");
        } else if (a instanceof Action.StubStatus) {
            out.append("  200: stub_status counters\n");
        } else if (a instanceof Action.Listing l) {
            out.append("  200: directory listing of ").append(l.dir()).append('\n');
        } else if (a instanceof Action.Status s) {
            out.append("  ").append(d.statusOverride() > 0 ? d.statusOverride() : s.code()).append(' ')
                    .append(Pages.status(s.code()).reasonPhrase()).append('\n');
        }
    }
}
