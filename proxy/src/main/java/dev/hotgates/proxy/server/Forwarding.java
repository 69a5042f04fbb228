package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.ProxyPass;
import dev.hotgates.proxy.config.Model.Redirect;
import dev.hotgates.proxy.config.Model.SetHeader;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.config.Location;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The header rules of forwarding, both ways (NGINX-SEMANTICS.md §3, §4): what goes to the
 * origin and what comes back to the client.
 */
final class Forwarding {

    /** Hop-by-hop and framing fields, never copied from one side to the other (RFC 9110 §7.6.1). */
    private static final Set<String> HOP = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
            "upgrade", "proxy-connection", "content-length", "host", "expect");

    /** nginx hides these upstream response fields unless {@code proxy_pass_header} names them. */
    private static final Set<String> HIDDEN = Set.of("date", "server", "x-pad", "x-accel-expires", "x-accel-redirect",
            "x-accel-limit-rate", "x-accel-buffering", "x-accel-charset");

    private Forwarding() { }

    static HttpRequest toOrigin(RequestContext req, Settings s, String uri, ProxyPass pass) {
        HttpVersion v = s.proxyHttpVersion().equals("1.0") ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        HttpRequest in = req.request;
        DefaultHttpRequest out = new DefaultHttpRequest(v, in.method(), uri);
        HttpHeaders h = out.headers();
        List<SetHeader> configured = s.proxySetHeaders();
        if (!named(configured, "host")) h.set("Host", req.proxyHost);
        if (!named(configured, "connection") && v == HttpVersion.HTTP_1_0) h.set("Connection", "close");
        for (SetHeader sh : s.proxySetHeaders()) {
            String value = sh.value().render(req);
            if (!value.isEmpty()) h.add(sh.name(), value);
        }
        Set<String> named = connectionTokens(in.headers());
        for (Map.Entry<String, String> e : in.headers()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (HOP.contains(name) || named.contains(name) || named(configured, name)) continue;
            h.add(e.getKey(), e.getValue());
        }
        if (HttpUtil.isTransferEncodingChunked(in)) h.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        else if (in.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) h.set(HttpHeaderNames.CONTENT_LENGTH, in.headers().get(HttpHeaderNames.CONTENT_LENGTH));
        return out;
    }

    /**
     * The response head for the client: the origin's status (or error_page's), the fields the
     * client may see, and the framing: the origin's Content-Length, else chunked for HTTP/1.1.
     * Returns null when only closing the connection can delimit the body (an HTTP/1.0 client).
     */
    static HttpResponse clientResponse(HttpResponse r, RequestContext req, Settings s, Location loc, int override) {
        return clientResponse(r, req, s, loc, override, true);
    }

    static HttpResponse clientResponse(HttpResponse r, RequestContext req, Settings s, Location loc, int override,
                                       boolean needDelimiter) {
        HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                override > 0 ? HttpResponseStatus.valueOf(override) : r.status());
        toClient(r.headers(), out.headers(), req, s, loc == null ? null : loc.pattern());
        int code = out.status().code();
        if (r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            out.headers().set("Content-Length", r.headers().get(HttpHeaderNames.CONTENT_LENGTH));
        } else if (!req.request.method().equals(HttpMethod.HEAD) && code != 204 && code != 304 && needDelimiter) {
            if (!req.request.protocolVersion().equals(HttpVersion.HTTP_1_1)) return null;
            out.headers().set("Transfer-Encoding", "chunked");
        }
        return out;
    }

    /** A response head we must not relay: undecodable, a status outside 100-599, or ambiguous length. */
    static boolean unusable(HttpResponse r) {
        if (r.decoderResult().isFailure()) return true;
        int code = r.status().code();
        if (code < 100 || code > 599) return true;
        HttpHeaders h = r.headers();
        return h.contains(HttpHeaderNames.TRANSFER_ENCODING) && h.contains(HttpHeaderNames.CONTENT_LENGTH)
                || h.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1;
    }

    /** Copies the origin's fields the client may see, with proxy_redirect applied to Location. */
    static void toClient(HttpHeaders from, HttpHeaders to, RequestContext req, Settings s, String prefix) {
        Set<String> named = connectionTokens(from);
        for (Map.Entry<String, String> e : from) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (HOP.contains(name) && !name.equals("content-length") || named.contains(name)) continue;
            if (name.equals("content-length")) continue;
            if (HIDDEN.contains(name) && !s.proxyPassHeaders().contains(name) || s.proxyHideHeaders().contains(name)) continue;
            String value = e.getValue();
            if (name.equals("location") || name.equals("refresh")) value = redirect(value, req, s, prefix);
            // nginx's header filter makes a relative Location absolute (absolute_redirect on).
            if (name.equals("location") && value.startsWith("/")) value = ResponseWriter.absolute(req, value);
            to.add(e.getKey(), value);
        }
    }

    /** proxy_redirect: {@code default} maps the proxy_pass URL back to the location prefix. */
    static String redirect(String value, RequestContext req, Settings s, String prefix) {
        ProxyPass pass = s.proxyPass();
        if (s.proxyRedirectDefault() && pass != null && pass.dynamic() == null && prefix != null) {
            String from = "http://" + pass.proxyHost() + (pass.uriPart() == null ? "/" : pass.uriPart());
            String to = pass.uriPart() == null ? "/" : prefix;
            if (value.startsWith(from)) return to + value.substring(from.length());
        }
        for (Redirect r : s.proxyRedirect()) {
            if (value.startsWith(r.from())) return r.to().render(req) + value.substring(r.from().length());
        }
        return value;
    }

    /** Whether proxy_set_header names {@code name} (a short list: no set built per request). */
    private static boolean named(List<SetHeader> configured, String name) {
        for (int i = 0; i < configured.size(); i++) {
            if (configured.get(i).name().equalsIgnoreCase(name)) return true;
        }
        return false;
    }

    static Set<String> connectionTokens(HttpHeaders h) {
        Set<String> out = null;
        for (String v : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String t : v.split(",")) {
                String token = t.trim().toLowerCase(Locale.ROOT);
                if (token.isEmpty() || token.equals("close") || token.equals("keep-alive")) continue;
                if (out == null) out = new HashSet<>();
                out.add(token);
            }
        }
        return out == null ? Set.of() : out;
    }
}
