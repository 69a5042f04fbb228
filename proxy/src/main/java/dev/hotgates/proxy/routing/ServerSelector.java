package dev.hotgates.proxy.routing;

import dev.hotgates.proxy.config.Model.Listen;
import dev.hotgates.proxy.config.ServerConfig;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the {@code server} block for a request as nginx does: among the servers listening on
 * the port the connection came in on, an exact {@code server_name}, then the longest leading
 * wildcard ({@code *.example.com}), then the longest trailing one ({@code www.*}), then regexes
 * in order; otherwise the {@code default_server}, or the first server on that port.
 */
public final class ServerSelector {

    private ServerSelector() { }

    public static ServerConfig select(List<ServerConfig> servers, int port, String host, Trace trace) {
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) name = name.substring(0, name.length() - 1);
        ServerConfig first = null;
        ServerConfig def = null;
        ServerConfig lead = null;
        int leadLen = -1;
        ServerConfig trail = null;
        int trailLen = -1;
        for (ServerConfig s : servers) {
            Listen l = listenOn(s, port);
            if (l == null) continue;
            if (first == null) first = s;
            if (l.defaultServer() && def == null) def = s;
            for (String n : s.names()) {
                if (n.equals(name)) {
                    if (trace != null) trace.note("server_name \"" + n + "\" (" + s.where() + ") equals the Host");
                    return s;
                }
                if (n.startsWith("*.") && name.endsWith(n.substring(1)) && n.length() > leadLen) { lead = s; leadLen = n.length(); }
                if (n.startsWith(".") && (name.endsWith(n) || name.equals(n.substring(1))) && n.length() > leadLen) { lead = s; leadLen = n.length(); }
                if (n.endsWith(".*") && name.startsWith(n.substring(0, n.length() - 1)) && n.length() > trailLen) { trail = s; trailLen = n.length(); }
            }
        }
        if (lead != null) return pick(trace, lead, "a leading wildcard server_name matches the Host");
        if (trail != null) return pick(trace, trail, "a trailing wildcard server_name matches the Host");
        for (ServerConfig s : servers) {
            if (listenOn(s, port) == null) continue;
            for (java.util.regex.Pattern re : s.nameRegexes()) {
                if (re.matcher(name).find()) {
                    if (trace != null) pick(trace, s, "regex server_name ~" + re.pattern() + " matches the Host");
                    return s;
                }
            }
        }
        // The reasons are built only for a trace: the default server is the common case.
        if (def != null) {
            if (trace != null) pick(trace, def, "no server_name matches; this is the default_server for port " + port);
            return def;
        }
        if (first != null && trace != null) pick(trace, first, "no server_name matches; the first server listening on port " + port + " is the default");
        return first;
    }

    private static Listen listenOn(ServerConfig s, int port) {
        for (Listen l : s.listens()) {
            if (l.port() == port) return l;
        }
        return null;
    }

    private static ServerConfig pick(Trace trace, ServerConfig s, String why) {
        if (trace != null) trace.note("server at " + s.where() + ": " + why);
        return s;
    }
}
