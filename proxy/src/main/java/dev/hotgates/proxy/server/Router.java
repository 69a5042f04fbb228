package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.Model.AccessRule;
import dev.hotgates.proxy.config.Model.ErrorPage;
import dev.hotgates.proxy.config.Model.Return;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.routing.LocationMatcher;
import dev.hotgates.proxy.routing.RequestTarget;
import dev.hotgates.proxy.routing.Trace;
import dev.hotgates.proxy.routing.UpstreamUri;
import dev.hotgates.proxy.statics.FileResponses;
import dev.hotgates.proxy.statics.StaticResolver;

/**
 * Decides what a request gets, in nginx's phase order: server-level {@code return}, location
 * search (and its auto-301), location {@code return}, {@code allow}/{@code deny},
 * {@code try_files}, then the content handler ({@code proxy_pass}, {@code stub_status}, static
 * files). Internal redirects (index, try_files fallback, error_page) re-run the search.
 */
public final class Router {

    private static final int MAX_INTERNAL_REDIRECTS = 10;

    private Router() { }

    public static Action.Decided route(RequestContext ctx, Trace trace) {
        ServerConfig server = ctx.server;
        Return sret = server.settings().ret();
        if (sret != null) {
            if (trace != null) trace.note("server-level return " + sret.code() + " runs before any location is searched");
            return errorPages(ctx, returnAction(ctx, sret), server.settings(), trace, false);
        }
        String method = ctx.request.method().name();
        for (int hops = 0; hops < MAX_INTERNAL_REDIRECTS; hops++) {
            Location loc;
            if (ctx.named != null) {
                loc = server.named().get(ctx.named);
                ctx.named = null;
                if (loc == null) return new Action.Decided(new Action.Status(500), server.settings(), -1);
                if (trace != null) trace.note("named " + loc.label() + " (" + loc.where() + ")");
            } else {
                if (trace != null) trace.note("searching locations for URI " + ctx.uri);
                LocationMatcher.Result r = LocationMatcher.find(server.locations(), ctx.uri, trace);
                loc = r.location();
                ctx.captures = r.captures();
                if (r.slashRedirect()) {
                    return errorPages(ctx, new Action.Redirect(301, ctx.uri + "/" + ctx.target.query()), loc.settings(), trace, false);
                }
            }
            ctx.location = loc;
            Settings s = loc == null ? server.settings() : loc.settings();
            if (loc == null) Trace.note(trace, "no location matches: the server's own settings apply");
            if (s.ret() != null) {
                if (trace != null) trace.note("return " + s.ret().code() + " (rewrite phase, before access checks)");
                return errorPages(ctx, returnAction(ctx, s.ret()), s, trace, false);
            }
            if (!allowed(s, ctx, trace)) return errorPages(ctx, new Action.Status(403), s, trace, false);
            if (s.proxyPass() != null) {
                var pass = s.proxyPass();
                String uri = pass.dynamic() != null ? null : UpstreamUri.build(loc, pass, ctx.target, ctx.uri, ctx.internal, trace);
                if (pass.dynamic() != null && trace != null) trace.note("proxy_pass has variables: " + pass.dynamic().source());
                return new Action.Decided(new Action.Proxy(loc, pass, uri), s, -1);
            }
            if (s.stubStatus()) return new Action.Decided(new Action.StubStatus(), s, -1);
            if (s.statusPage() != null) return new Action.Decided(new Action.StatusPage(s.statusPage()), s, -1);
            StaticResolver.Outcome o = StaticResolver.resolve(loc, s, method, ctx.uri, ctx, trace);
            if (o instanceof StaticResolver.InternalRedirect ir) {
                internalRedirect(ctx, ir.uri());
                continue;
            }
            Action a;
            if (o instanceof StaticResolver.Serve f) {
                // An unsatisfiable Range is a 416 that error_page may still catch.
                boolean bad = FileResponses.unsatisfiable(ctx.request, f.attrs());
                if (bad) ctx.rangeSize = f.attrs().size();
                a = bad ? new Action.Status(416) : new Action.File(f.file(), f.attrs());
            }
            else if (o instanceof StaticResolver.Status st) a = new Action.Status(st.code());
            else if (o instanceof StaticResolver.SlashRedirect sr) a = new Action.Redirect(301, sr.uri() + ctx.target.query());
            else if (o instanceof StaticResolver.Listing l) a = new Action.Listing(l.dir());
            else a = new Action.Status(500);
            return errorPages(ctx, a, s, trace, false);
        }
        Trace.note(trace, "rewrite or internal redirection cycle: 500");
        return new Action.Decided(new Action.Status(500), server.settings(), -1);
    }

    static void internalRedirect(RequestContext ctx, String uri) {
        ctx.internal = true;
        if (uri.startsWith("@")) {
            // A named location keeps the URI as it was ($uri is unchanged).
            ctx.named = uri;
            return;
        }
        int q = uri.indexOf('?');
        ctx.uri = q < 0 ? uri : uri.substring(0, q);
        ctx.internal = true;
    }

    private static Action returnAction(RequestContext ctx, Return r) {
        String text = r.text() == null ? null : r.text().render(ctx);
        if (r.isRedirect()) return new Action.Redirect(r.code(), text == null ? "" : text);
        if (text != null) return new Action.Text(r.code(), text);
        return new Action.Status(r.code());
    }

    /** Applies {@code error_page} to a status of 300 and above, once (recursive_error_pages off). */
    static Action.Decided errorPages(RequestContext ctx, Action a, Settings s, Trace trace, boolean fromUpstream) {
        int code = a instanceof Action.Status st ? st.code() : a instanceof Action.Redirect r ? r.code()
                : a instanceof Action.Text t ? t.code() : 0;
        ErrorPage page = code >= 300 ? s.errorPages().get(code) : null;
        if (page == null || ctx.errorPageDone) return new Action.Decided(a, s, -1);
        ctx.errorPageDone = true;
        if (trace != null) trace.note("error_page " + code + " " + page.uri());
        int override = page.override() == -1 ? code : page.override();
        String uri = page.target().render(ctx);
        if (page.uri().startsWith("http://") || page.uri().startsWith("https://") || page.uri().startsWith("$")) {
            int rc = override >= 301 && override <= 308 ? override : 302;
            return new Action.Decided(new Action.Redirect(rc, uri), s, -1);
        }
        internalRedirect(ctx, uri);
        Action.Decided next = route(ctx, trace);
        return new Action.Decided(next.action(), next.settings(), override);
    }

    private static boolean allowed(Settings s, RequestContext ctx, Trace trace) {
        if (s.accessRules().isEmpty()) return true;
        byte[] addr = ctx.remote.getAddress().getAddress();
        for (AccessRule rule : s.accessRules()) {
            if (matches(rule, addr)) {
                if (trace != null) trace.note((rule.allow() ? "allow " : "deny ") + rule.source() + " matches " + ctx.remoteAddr());
                return rule.allow();
            }
        }
        return true;
    }

    static boolean matches(AccessRule rule, byte[] addr) {
        if (rule.prefixBits() < 0) return true;
        byte[] net = rule.address();
        if (net.length != addr.length) {
            if (net.length == 4 && addr.length == 16) addr = v4Mapped(addr);
            if (addr == null || net.length != addr.length) return false;
        }
        int bits = rule.prefixBits();
        for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((net[i] & mask) != (addr[i] & mask)) return false;
        }
        return true;
    }

    private static byte[] v4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) if (v6[i] != 0) return null;
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) return null;
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }

}
