package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Location;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.observe.Metrics;
import dev.hotgates.proxy.upstream.Balancer;
import dev.hotgates.proxy.upstream.OriginPool;
import dev.hotgates.proxy.upstream.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Our own status locations: {@code hotgates_metrics} (Prometheus text format 0.0.4),
 * {@code hotgates_status} (the JSON the dashboard polls) and {@code hotgates_dashboard} (the
 * page). Rendered on request from adders and atomics; nothing here is on the request path.
 */
final class StatusPages {

    record Page(String type, byte[] body) { }

    private static final byte[] DASHBOARD = resource("/dev/hotgates/proxy/dashboard.html");

    private StatusPages() { }

    static Page render(String kind, ProxyRuntime rt) {
        return switch (kind) {
            case "metrics" -> new Page("text/plain; version=0.0.4; charset=utf-8", metrics(rt).getBytes(StandardCharsets.UTF_8));
            case "status" -> new Page("application/json", json(rt).getBytes(StandardCharsets.UTF_8));
            default -> new Page("text/html; charset=utf-8", DASHBOARD);
        };
    }

    static String metrics(ProxyRuntime rt) {
        StringBuilder out = new StringBuilder(4096);
        long[] n = rt.stats.numbers();
        help(out, "hotgates_connections_accepted_total", "counter", "Client connections accepted.");
        out.append("hotgates_connections_accepted_total ").append(n[0]).append('\n');
        help(out, "hotgates_connections", "gauge", "Client connections now, by state (as stub_status).");
        String[] states = {"active", "reading", "writing", "waiting"};
        for (int i = 0; i < 4; i++) out.append("hotgates_connections{state=\"").append(states[i]).append("\"} ").append(n[3 + i]).append('\n');
        Map<String, Metrics.Series> all = rt.metrics.snapshot();
        help(out, "hotgates_requests_total", "counter", "Requests answered, by upstream (\"-\": answered by the proxy itself) and status class.");
        all.forEach((up, s) -> {
            for (int c = 1; c <= 5; c++) {
                out.append("hotgates_requests_total{upstream=\"").append(label(up)).append("\",class=\"").append(c).append("xx\"} ")
                        .append(s.requests(c)).append('\n');
            }
        });
        help(out, "hotgates_upstream_response_seconds", "histogram", "Time from sending a request upstream to its response header.");
        all.forEach((up, s) -> {
            if (up.equals("-")) return;
            String l = label(up);
            for (int i = 0; i <= Metrics.BUCKETS.length; i++) {
                String le = i == Metrics.BUCKETS.length ? "+Inf" : trim(Metrics.BUCKETS[i]);
                out.append("hotgates_upstream_response_seconds_bucket{upstream=\"").append(l).append("\",le=\"").append(le).append("\"} ")
                        .append(Metrics.cumulative(s, i)).append('\n');
            }
            out.append("hotgates_upstream_response_seconds_sum{upstream=\"").append(l).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", s.seconds())).append('\n');
            out.append("hotgates_upstream_response_seconds_count{upstream=\"").append(l).append("\"} ").append(s.timedCount()).append('\n');
        });
        help(out, "hotgates_upstream_peer_up", "gauge", "1 when the peer may be picked now, 0 while down or resting after failures.");
        long now = System.nanoTime();
        rt.balancers().forEach((name, b) -> {
            for (Peer p : b.peers()) {
                out.append("hotgates_upstream_peer_up{upstream=\"").append(label(name)).append("\",peer=\"").append(label(p.server().address()))
                        .append("\"} ").append(p.available(now) ? 1 : 0).append('\n');
            }
        });
        help(out, "hotgates_upstream_peer_active_requests", "gauge", "Requests the peer is serving now.");
        rt.balancers().forEach((name, b) -> {
            for (Peer p : b.peers()) {
                out.append("hotgates_upstream_peer_active_requests{upstream=\"").append(label(name)).append("\",peer=\"")
                        .append(label(p.server().address())).append("\"} ").append(p.active()).append('\n');
            }
        });
        help(out, "hotgates_upstream_idle_connections", "gauge", "Idle keep-alive connections pooled for reuse, by origin address.");
        OriginPool.idleTotals().forEach((origin, count) ->
                out.append("hotgates_upstream_idle_connections{origin=\"").append(label(origin)).append("\"} ").append(count).append('\n'));
        return out.toString();
    }

    static String json(ProxyRuntime rt) {
        StringBuilder out = new StringBuilder(4096);
        long[] n = rt.stats.numbers();
        out.append("{\"connections\":{\"accepted\":").append(n[0]).append(",\"requests\":").append(n[2])
                .append(",\"active\":").append(n[3]).append(",\"reading\":").append(n[4]).append(",\"writing\":").append(n[5])
                .append(",\"waiting\":").append(n[6]).append("},\"servers\":[");
        boolean first = true;
        for (ServerConfig s : rt.config.servers()) {
            if (!first) out.append(',');
            first = false;
            out.append("{\"names\":").append(strings(s.names())).append(",\"listen\":")
                    .append(strings(s.listens().stream().map(l -> l.key() + (l.ssl() ? " ssl" : "")).toList()))
                    .append(",\"locations\":").append(strings(s.locations().stream().map(StatusPages::describe).toList())).append('}');
        }
        out.append("],\"upstreams\":[");
        long now = System.nanoTime();
        Map<String, Metrics.Series> all = rt.metrics.snapshot();
        first = true;
        for (Map.Entry<String, Balancer> e : new java.util.TreeMap<>(rt.balancers()).entrySet()) {
            if (!first) out.append(',');
            first = false;
            out.append("{\"name\":").append(str(e.getKey())).append(",\"method\":").append(str(e.getValue().methodName())).append(",\"peers\":[");
            boolean firstPeer = true;
            for (Peer p : e.getValue().peers()) {
                if (!firstPeer) out.append(',');
                firstPeer = false;
                out.append("{\"address\":").append(str(p.server().address())).append(",\"up\":").append(p.available(now))
                        .append(",\"active\":").append(p.active()).append('}');
            }
            out.append("]}");
        }
        out.append("],\"requests\":{");
        first = true;
        for (Map.Entry<String, Metrics.Series> e : all.entrySet()) {
            if (!first) out.append(',');
            first = false;
            Metrics.Series s = e.getValue();
            out.append(str(e.getKey())).append(":{");
            for (int c = 1; c <= 5; c++) out.append('"').append(c).append("xx\":").append(s.requests(c)).append(',');
            out.append("\"timed\":").append(s.timedCount()).append(",\"seconds\":").append(String.format(Locale.ROOT, "%.6f", s.seconds())).append('}');
        }
        return out.append("}}").toString();
    }

    private static String describe(Location l) {
        return (l.match().symbol.isEmpty() ? "" : l.match().symbol + " ") + l.pattern();
    }

    private static void help(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String trim(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Prometheus label values escape backslash, quote and newline. */
    private static String label(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String str(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static String strings(java.util.List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) sb.append(i == 0 ? "" : ",").append(str(values.get(i)));
        return sb.append(']').toString();
    }

    private static byte[] resource(String path) {
        try (InputStream in = StatusPages.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
