package dev.hotgates.proxy.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The checks Netty's decoder leaves to us (NETTY-PITFALLS.md 1-5, 10), answered with nginx's
 * codes: a request the origin could read differently from us is refused, never forwarded.
 */
final class RequestGuard {

    private RequestGuard() { }

    /** 0 when the head may proceed, else the status to refuse it with (494: nginx's "too large" 400). */
    static int refuse(HttpRequest r, dev.hotgates.proxy.config.Settings s) {
        if (r.decoderResult().isFailure()) {
            Throwable cause = r.decoderResult().cause();
            if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) return 414;
            if (cause instanceof io.netty.handler.codec.TooLongFrameException) return 494;
            // Netty refuses some Transfer-Encodings itself; answer them with nginx's codes.
            int te = transferEncoding(r);
            return te != 0 ? te : 400;
        }
        return check(r, s == null ? 8192 : s.largeHeaderBuffer());
    }

    /** 0 when the request may proceed, else the status to answer (and close). */
    static int check(HttpRequest r, int maxHeaderLine) {
        HttpHeaders h = r.headers();
        HttpVersion v = r.protocolVersion();
        if (v.majorVersion() != 1) return 505;
        String method = r.method().name();
        // nginx's request-line parser takes upper-case letters, '_' and '-' only.
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '_' && c != '-') return 400;
        }
        // nginx refuses these two itself (ngx_http_process_request_header).
        if (method.equals("CONNECT") || method.equals("TRACE")) return 405;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            if (e.getKey().length() + e.getValue().length() + 2 > maxHeaderLine) return 494;
        }
        List<String> hosts = h.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) return 400;
        if (v.minorVersion() == 1 && hosts.isEmpty() && !r.uri().regionMatches(true, 0, "http://", 0, 7)) return 400;
        if (!hosts.isEmpty() && !validHost(hosts.get(0))) return 400;
        if (CountingHeaders.ambiguousFraming(h)) return 400;
        int te = transferEncoding(r);
        if (te != 0) return te;
        List<String> cl = h.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (cl.size() > 1) return 400;
        if (cl.size() == 1) {
            String s = cl.get(0);
            if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) return 400;
        }
        return 0;
    }

    /**
     * nginx's rule (ngx_http_process_request_header): Transfer-Encoding with HTTP/1.0, twice, or
     * with Content-Length is a 400 (RFC 9112 §6.1); any value but exactly "chunked" is a 501.
     */
    static int transferEncoding(HttpRequest r) {
        List<String> te = r.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (te.isEmpty()) return 0;
        if (r.protocolVersion().minorVersion() == 0 || te.size() > 1 || r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) return 400;
        return te.get(0).trim().equalsIgnoreCase("chunked") ? 0 : 501;
    }

    /** nginx's ngx_http_validate_host: no slash, no NUL, no leading dot, no ".." . */
    static boolean validHost(String host) {
        if (host.isEmpty()) return false;
        if (host.startsWith(".") || host.contains("..") || host.contains("/") || host.contains("\\")) return false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == 0x7f) return false;
        }
        return true;
    }

    /** The Host header (or absolute-form target's host), lower-cased, without port. */
    static String hostOf(HttpRequest r) {
        String uri = r.uri();
        String host;
        if (uri.regionMatches(true, 0, "http://", 0, 7)) {
            int slash = uri.indexOf('/', 7);
            host = uri.substring(7, slash < 0 ? uri.length() : slash);
        } else {
            host = r.headers().get(HttpHeaderNames.HOST);
        }
        if (host == null) return "";
        host = host.toLowerCase(java.util.Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        host = colon < 0 ? host : host.substring(0, colon);
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The request target, parsed; {@code null} when it cannot be (a 400). */
    static dev.hotgates.proxy.routing.RequestTarget target(HttpRequest r) {
        try {
            return dev.hotgates.proxy.routing.RequestTarget.parse(originForm(r.uri()));
        } catch (dev.hotgates.proxy.routing.RequestTarget.Invalid e) {
            return null;
        }
    }

    /** Socket addresses; a channel without one (EmbeddedChannel in tests) counts as 127.0.0.1:80. */
    static java.net.InetSocketAddress inet(java.net.SocketAddress a) {
        return a instanceof java.net.InetSocketAddress i ? i : new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 80);
    }

    /** The origin-form part of an absolute-form target ({@code http://h/x} becomes {@code /x}). */
    static String originForm(String uri) {
        if (!uri.regionMatches(true, 0, "http://", 0, 7)) return uri;
        int slash = uri.indexOf('/', 7);
        return slash < 0 ? "/" : uri.substring(slash);
    }
}
