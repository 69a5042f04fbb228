package dev.hotgates.proxy.routing;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.Model.Match;
import dev.hotgates.proxy.config.Model.ProxyPass;

/**
 * The request target nginx sends upstream (ngx_http_proxy_create_request): with a URI part in
 * {@code proxy_pass}, the part of the normalized URI that matched the location is replaced by it
 * (re-escaped when the client's URI was); without one, the client's target goes as it was sent.
 */
public final class UpstreamUri {

    private UpstreamUri() { }

    /** {@code internal}: the URI came from an internal redirect (index, try_files, error_page). */
    public static String build(Location loc, ProxyPass pass, RequestTarget t, String uri, boolean internal, Trace trace) {
        if (pass.uriPart() == null) {
            if (!internal) {
                if (trace != null) trace.note("proxy_pass has no URI part: the target goes upstream as the client sent it: " + t.raw());
                return t.raw();
            }
            String out = escapeIf(uri, t.quoted() || internal) + t.query();
            if (trace != null) trace.note("proxy_pass has no URI part; after an internal redirect the current URI is sent: " + out);
            return out;
        }
        int prefixLen = loc.match() == Match.EXACT || loc.match().isRegex() ? uri.length() : Math.min(loc.pattern().length(), uri.length());
        String rest = uri.substring(prefixLen);
        String out = pass.uriPart() + escapeIf(rest, t.quoted() || internal) + t.query();
        if (trace != null) trace.note("normalized URI " + uri + " minus the location prefix \"" + uri.substring(0, prefixLen) + "\" leaves \"" + rest + "\"");
        if (trace != null) trace.note("proxy_pass URI part \"" + pass.uriPart() + "\" + \"" + rest + "\"" + (t.args() == null ? "" : " + \"" + t.query() + "\"") + " = " + out);
        return out;
    }

    private static String escapeIf(String s, boolean escape) {
        return escape ? RequestTarget.escape(s) : s;
    }
}
