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
import io.netty.util.AsciiString;
import java.util.HashSet;
import java.util.Iterator;
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
    private static final AsciiString[] HOP = names("connection", "keep-alive", "te", "trailer", "transfer-encoding",
            "upgrade", "proxy-connection", "content-length", "host", "expect");

    /** nginx hides these upstream response fields unless {@code proxy_pass_header} names them. */
    private static final AsciiString[] HIDDEN = names("date", "server", "x-pad", "x-accel-expires", "x-accel-redirect",
            "x-accel-limit-rate", "x-accel-buffering", "x-accel-charset");

    private static final AsciiString LOCATION = AsciiString.cached("location");
    private static final AsciiString REFRESH = AsciiString.cached("refresh");

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
        // Names as the decoder made them (no String per name, no lower-cased copy): a request's
        // fields are compared here case-insensitively, in place.
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (in(HOP, name) || in(named, name) || named(configured, name)) continue;
            h.add(name, e.getValue());
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
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (in(HOP, name) || in(named, name)) continue;
            if (in(HIDDEN, name) && !in(s.proxyPassHeaders(), name) || in(s.proxyHideHeaders(), name)) continue;
            CharSequence value = e.getValue();
            boolean location = LOCATION.contentEqualsIgnoreCase(name);
            if (location || REFRESH.contentEqualsIgnoreCase(name)) {
                String v = redirect(value.toString(), req, s, prefix);
                // nginx's header filter makes a relative Location absolute (absolute_redirect on).
                value = location && v.startsWith("/") ? ResponseWriter.absolute(req, v) : v;
            }
            to.add(name, value);
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
    private static boolean named(List<SetHeader> configured, CharSequence name) {
        for (int i = 0; i < configured.size(); i++) {
            if (AsciiString.contentEqualsIgnoreCase(configured.get(i).name(), name)) return true;
        }
        return false;
    }

    private static boolean in(AsciiString[] lowerCase, CharSequence name) {
        for (AsciiString n : lowerCase) {
            if (n.contentEqualsIgnoreCase(name)) return true;
        }
        return false;
    }

    /** {@code lowerCase}: names from the configuration or a Connection header, lower-cased. */
    private static boolean in(Set<String> lowerCase, CharSequence name) {
        return !lowerCase.isEmpty() && lowerCase.contains(name.toString().toLowerCase(Locale.ROOT));
    }

    private static AsciiString[] names(String... lowerCase) {
        AsciiString[] out = new AsciiString[lowerCase.length];
        for (int i = 0; i < out.length; i++) out[i] = AsciiString.cached(lowerCase[i]);
        return out;
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
