package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.AccessLog;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.observe.AccessLogWriter;

/** Formats a finished request with each {@code access_log} of its level and hands the line off. */
final class AccessLogging {

    private AccessLogging() { }

    static void log(ProxyRuntime rt, RequestContext req, Settings s) {
        if (req == null || s == null || s.accessLogs().isEmpty()) return;
        for (AccessLog l : s.accessLogs()) {
            AccessLogWriter w = rt.log(l.path());
            if (w != null) w.log(escape(l.format().template().render(req)));
        }
    }

    /** nginx escapes '"', '\' and bytes outside printable ASCII as \xHH in log lines. */
    static String escape(String line) {
        StringBuilder sb = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean esc = c < 0x20 || c > 0x7e;
            if (esc && sb == null) sb = new StringBuilder(line.length() + 16).append(line, 0, i);
            if (sb != null) {
                if (esc) sb.append(String.format("\\x%02X", (int) c & 0xff));
                else sb.append(c);
            }
        }
        return sb == null ? line : sb.toString();
    }
}
