package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.AccessLog;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.observe.AccessLogWriter;

/** Formats a finished request with each {@code access_log} of its level and hands the line off. */
final class AccessLogging {

    private AccessLogging() { }

    static void log(ProxyRuntime rt, RequestContext req, Settings s) {
        if (req == null) return;
        rt.metrics.record(req.upstreamAddr == null ? null : req.proxyHost, req.status, req.upstreamNanos);
        if (s == null || s.accessLogs().isEmpty()) return;
        // ngx_http_log_module: a variable without a value is logged as "-", values are escaped.
        dev.hotgates.proxy.config.Vars LOGGED = new dev.hotgates.proxy.config.Vars() {
            @Override
            public String get(String name) {
                String v = req.get(name);
                return v == null ? "-" : escape(v);
            }
        };
        for (AccessLog l : s.accessLogs()) {
            AccessLogWriter w = rt.log(l.path());
            if (w != null) w.log(l.format().template().render(LOGGED));
        }
    }

    /** nginx escapes '"', '\' and bytes outside printable ASCII as \xHH in logged values. */
    static String escape(String line) {
        StringBuilder sb = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean esc = c < 0x20 || c > 0x7e || c == '"' || c == '\\';
            if (esc && sb == null) sb = new StringBuilder(line.length() + 16).append(line, 0, i);
            if (sb != null) {
                if (esc) sb.append(String.format("\\x%02X", (int) c & 0xff));
                else sb.append(c);
            }
        }
        return sb == null ? line : sb.toString();
    }
}
