package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.AddHeader;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.statics.FileResponses;
import dev.hotgates.proxy.statics.OpenFiles;
import dev.hotgates.proxy.statics.HttpDate;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Writes the responses the proxy produces itself: pages, redirects, return text, status, files. */
final class ResponseWriter {

    /** Codes {@code add_header} applies to without {@code always} (ngx_http_headers_filter). */
    private static final Set<Integer> ADD_HEADER_CODES = Set.of(200, 201, 204, 206, 301, 302, 303, 304, 307, 308);

    private ResponseWriter() { }

    /** Every answer but a file's, which the caller opens first and sends with {@link #file}. */
    static ChannelFuture write(ChannelHandlerContext ctx, RequestContext req, Action.Decided d, boolean keepAlive) {
        Action a = d.action();
        Settings s = d.settings();
        int override = d.statusOverride();
        boolean head = req.request.method().name().equals("HEAD");
        if (a instanceof Action.Listing l) {
            return listing(ctx, req, s, override > 0 ? override : 200, dev.hotgates.proxy.statics.DirectoryListing.page(req.uri, l.dir()), head, keepAlive);
        }
        if (a instanceof Action.Text t) {
            int code = override > 0 ? override : t.code();
            byte[] body = t.body().getBytes(StandardCharsets.UTF_8);
            // nginx types a return body by the URI's extension (ngx_http_set_content_type).
            return full(ctx, req, s, code, FileResponses.contentType(req.uri, s), body, head, keepAlive, null);
        }
        if (a instanceof Action.Redirect r) {
            int code = override > 0 ? override : r.code();
            return full(ctx, req, s, code, "text/html", Pages.page(code), head, keepAlive, absolute(req, r.location()));
        }
        if (a instanceof Action.StubStatus) {
            return full(ctx, req, s, 200, "text/plain", req.stats.stubStatus().getBytes(StandardCharsets.US_ASCII), head, keepAlive, null);
        }
        int code = ((Action.Status) a).code();
        if (override > 0) code = override;
        return status(ctx, req, s, code, keepAlive);
    }

    /** A static file, already opened ({@code ch} is done with when it has been sent). */
    static ChannelFuture file(ChannelHandlerContext ctx, RequestContext req, Action.Decided d, OpenFiles.Opened ch,
                              boolean keepAlive) {
        Action.File f = (Action.File) d.action();
        Settings s = d.settings();
        return FileResponses.write(ctx, req.request, ch, f.path(), f.attrs(), s, d.statusOverride(), keepAlive,
                r -> finish(r, req, s, keepAlive), req::sent);
    }

    /** A 200 with {@code body} of {@code type}, through the same header rules as every answer. */
    static ChannelFuture ok(ChannelHandlerContext ctx, RequestContext req, Settings s, String type, byte[] body, boolean keepAlive) {
        boolean head = req.request.method().name().equals("HEAD");
        return full(ctx, req, s, 200, type, body, head, keepAlive, null);
    }

    static ChannelFuture status(ChannelHandlerContext ctx, RequestContext req, Settings s, int code, boolean keepAlive) {
        boolean head = req != null && req.request.method().name().equals("HEAD");
        if (code == 494) return full(ctx, req, s, 400, "text/html", Pages.page(400, "Request Header Or Cookie Too Large"), head, false, null);
        if (code == 497) return full(ctx, req, s, 400, "text/html", Pages.page(400, "The plain HTTP request was sent to HTTPS port"), head, false, null);
        if (code == 204 || code == 304 || !Pages.hasPage(code)) return full(ctx, req, s, code, null, new byte[0], head, keepAlive, null);
        return full(ctx, req, s, code, "text/html", Pages.page(code), head, keepAlive, null);
    }

    /** nginx sends directory listings chunked. */
    private static ChannelFuture listing(ChannelHandlerContext ctx, RequestContext req, Settings s, int code, byte[] body,
                                         boolean head, boolean keepAlive) {
        io.netty.handler.codec.http.HttpResponse r = new io.netty.handler.codec.http.DefaultHttpResponse(HttpVersion.HTTP_1_1, Pages.status(code));
        r.headers().set("Content-Type", "text/html");
        if (req.request.protocolVersion().equals(HttpVersion.HTTP_1_1)) r.headers().set("Transfer-Encoding", "chunked");
        else keepAlive = false;
        finish(r, req, s, keepAlive);
        req.sent(code, head ? 0 : body.length);
        ctx.write(r);
        if (!head) ctx.write(new io.netty.handler.codec.http.DefaultHttpContent(Unpooled.wrappedBuffer(body)));
        return ctx.writeAndFlush(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private static ChannelFuture full(ChannelHandlerContext ctx, RequestContext req, Settings s, int code, String type,
                                      byte[] body, boolean head, boolean keepAlive, String location) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, Pages.status(code),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = r.headers();
        if (type != null) h.set("Content-Type", type);
        if (code != 204 && code != 304) h.setInt("Content-Length", body.length);
        if (location != null) h.set("Location", location);
        if (code == 416 && req != null && req.rangeSize >= 0) h.set("Content-Range", "bytes */" + req.rangeSize);
        finish(r, req, s, keepAlive);
        if (req != null) req.sent(code, head ? 0 : body.length);
        return ctx.writeAndFlush(r);
    }

    /** Server, Date, Connection and {@code add_header}: every response we send gets them. */
    static void finish(HttpResponse r, RequestContext req, Settings s, boolean keepAlive) {
        HttpHeaders h = r.headers();
        // An origin's Server or Date survives only through proxy_pass_header.
        if (!h.contains("Server")) h.set("Server", Pages.SERVER);
        if (!h.contains("Date")) h.set("Date", now());
        h.set("Connection", keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (s != null && req != null) addHeaders(r, req, s);
    }

    /** The Date header's text, formatted once per second per event loop (as nginx caches its time). */
    private static final io.netty.util.concurrent.FastThreadLocal<Object[]> DATE = new io.netty.util.concurrent.FastThreadLocal<>() {
        @Override
        protected Object[] initialValue() {
            return new Object[] {-1L, ""};
        }
    };

    static String now() {
        Object[] cached = DATE.get();
        long second = System.currentTimeMillis() / 1000;
        if ((Long) cached[0] != second) {
            cached[0] = second;
            cached[1] = HttpDate.format(second * 1000);
        }
        return (String) cached[1];
    }

    static void addHeaders(HttpResponse r, RequestContext req, Settings s) {
        int code = r.status().code();
        for (AddHeader a : s.addHeaders()) {
            if (!a.always() && !ADD_HEADER_CODES.contains(code)) continue;
            String v = a.value().render(req);
            if (!v.isEmpty()) r.headers().add(a.name(), v);
        }
    }

    /** nginx's absolute_redirect: a relative Location gets scheme, Host and the port if not the scheme's default. */
    static String absolute(RequestContext req, String location) {
        if (!location.startsWith("/")) return location;
        String host = req.host.isEmpty() ? req.server.primaryName() : req.host;
        int port = req.local.getPort();
        boolean standard = req.https() ? port == 443 : port == 80;
        return (req.https() ? "https://" : "http://") + host + (standard ? "" : ":" + port) + location;
    }
}
