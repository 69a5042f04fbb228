package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.Model.MapBlock;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.config.Vars;
import dev.hotgates.proxy.routing.MapEvaluator;
import dev.hotgates.proxy.routing.RequestTarget;
import dev.hotgates.proxy.statics.HttpDate;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.MatchResult;

/** One request's state and its nginx variables. Lives on one event loop. */
public final class RequestContext implements Vars {


    final ProxyConfig config;
    final HttpRequest request;
    final RequestTarget target;
    final InetSocketAddress remote;
    final InetSocketAddress local;
    final String host;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    final int connectionRequests;
    ServerConfig server;
    Location location;
    String uri;
    boolean internal;
    boolean errorPageDone;
    String named;
    long rangeSize = -1;
    int statusOverride = -1;
    MatchResult captures;
    String proxyHost;
    String upstreamAddr;
    /** The origin connection's address once connected; $upstream_addr is formatted from it when asked for. */
    java.net.SocketAddress upstreamSocket;
    String upstreamStatus;
    long upstreamNanos = -1;
    int status;
    long bodyBytesSent;
    final dev.hotgates.proxy.observe.Stats stats;
    private String requestId;
    private Map<String, String> mapCache;

    RequestContext(ProxyConfig config, HttpRequest request, RequestTarget target, InetSocketAddress remote,
                   InetSocketAddress local, String host, int connectionRequests, dev.hotgates.proxy.observe.Stats stats) {
        this.stats = stats;
        this.config = config;
        this.request = request;
        this.target = target;
        this.remote = remote;
        this.local = local;
        this.host = host;
        this.connectionRequests = connectionRequests;
        this.uri = target.uri();
    }

    /** Set for a request that came over TLS: its protocol ("TLSv1.3") and SNI name. */
    String sslProtocol;
    String sslServerName;

    boolean https() {
        return sslProtocol != null;
    }

    /** Records what was sent to the client, for the access log. */
    void sent(int code, long bytes) {
        status = code;
        bodyBytesSent += bytes;
    }

    void sent(long bytes) {
        bodyBytesSent += bytes;
    }

    public String requestId() {
        if (requestId == null) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            requestId = HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
        }
        return requestId;
    }

    String remoteAddr() {
        return remote.getAddress().getHostAddress();
    }

    @Override
    public String capture(int n) {
        return captures != null && n <= captures.groupCount() ? captures.group(n) : null;
    }

    @Override
    public String get(String name) {
        switch (name) {
            case "host": return host;
            case "remote_addr": return remoteAddr();
            case "remote_port": return Integer.toString(remote.getPort());
            case "server_addr": return local.getAddress().getHostAddress();
            case "server_port": return Integer.toString(local.getPort());
            case "server_name": return server == null ? "" : server.primaryName();
            case "server_protocol": return request.protocolVersion().text();
            case "scheme": return https() ? "https" : "http";
            case "https": return https() ? "on" : "";
            case "ssl_protocol": return sslProtocol == null ? "" : sslProtocol;
            case "ssl_server_name": return sslServerName == null ? "" : sslServerName;
            case "request_method": return request.method().name();
            case "request_uri": return target.raw();
            case "request": return request.method().name() + " " + target.raw() + " " + request.protocolVersion().text();
            case "uri", "document_uri": return uri;
            case "args", "query_string": return target.args();
            case "is_args": return target.args() == null ? "" : "?";
            case "proxy_host": return proxyHost;
            case "proxy_add_x_forwarded_for": {
                String xff = request.headers().get("X-Forwarded-For");
                return xff == null ? remoteAddr() : xff + ", " + remoteAddr();
            }
            case "request_id": return requestId();
            case "status": return Integer.toString(status);
            case "body_bytes_sent", "bytes_sent": return Long.toString(bodyBytesSent);
            case "request_time": return seconds((System.nanoTime() - startNanos) / 1_000_000);
            case "upstream_addr":
                return upstreamSocket instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":" + a.getPort() : upstreamAddr;
            case "upstream_status": return upstreamStatus;
            case "upstream_response_time":
                return upstreamNanos < 0 ? null : seconds(upstreamNanos / 1_000_000);
            case "time_local": return HttpDate.local(ZonedDateTime.now());
            case "time_iso8601": return ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case "msec": return seconds(System.currentTimeMillis());
            case "remote_user": return null;
            case "content_length": return request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
            case "content_type": return request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            case "connection_requests": return Integer.toString(connectionRequests);
            case "hostname": return Hostname.NAME;
            case "nginx_version": return "1.22.1";
            case "pid": return Long.toString(ProcessHandle.current().pid());
            default: return prefixed(name);
        }
    }

    /** nginx's seconds with milliseconds ({@code %T.%03M}): 1234 ms is {@code 1.234}. */
    static String seconds(long millis) {
        long ms = millis % 1000;
        return (millis / 1000) + (ms < 10 ? ".00" : ms < 100 ? ".0" : ".") + ms;
    }

    private String prefixed(String name) {
        if (name.startsWith("http_")) return request.headers().get(name.substring(5).replace('_', '-'));
        if (name.startsWith("arg_")) return arg(name.substring(4));
        if (name.startsWith("cookie_")) return cookie(name.substring(7));
        MapBlock map = config.maps().get(name);
        if (map != null) {
            if (mapCache == null) mapCache = new HashMap<>(4);
            String v = mapCache.get(name);
            if (v == null) {
                v = MapEvaluator.evaluate(map, this);
                mapCache.put(name, v);
            }
            return v;
        }
        return null;
    }

    private String arg(String key) {
        if (target.args() == null) return null;
        for (String pair : target.args().split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equalsIgnoreCase(key)) return eq < 0 ? "" : pair.substring(eq + 1);
        }
        return null;
    }

    private String cookie(String key) {
        String c = request.headers().get(HttpHeaderNames.COOKIE);
        if (c == null) return null;
        for (String part : c.split(";")) {
            String p = part.trim();
            if (p.startsWith(key + "=")) return p.substring(key.length() + 1);
        }
        return null;
    }

    /** The host name, read once: {@code $hostname}. */
    static final class Hostname {
        static final String NAME = read();

        private static String read() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }
}
