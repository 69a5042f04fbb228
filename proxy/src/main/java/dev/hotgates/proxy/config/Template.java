package dev.hotgates.proxy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A string with nginx variables ({@code $host}, {@code ${host}}, {@code $1}), compiled once at
 * load time and rendered per request.
 */
public final class Template {

    /** Variables every request has; {@code http_*} and friends are recognised by prefix. */
    public static final Set<String> BUILTIN = Set.of(
            "host", "remote_addr", "remote_port", "proxy_add_x_forwarded_for", "scheme", "request_uri",
            "uri", "document_uri", "args", "query_string", "is_args", "request_method", "server_name",
            "server_port", "server_addr", "server_protocol", "proxy_host", "request_id", "status",
            "body_bytes_sent", "bytes_sent", "request_time", "request_length", "upstream_addr",
            "upstream_status", "upstream_response_time", "time_local", "time_iso8601", "msec", "request",
            "remote_user", "content_length", "content_type", "connection", "connection_requests",
            "hostname", "nginx_version", "document_root", "realpath_root", "request_filename",
            "proxy_port", "pid", "https", "ssl_protocol", "ssl_server_name");

    private static final List<String> PREFIXES = List.of("http_", "arg_", "cookie_", "sent_http_", "upstream_http_");

    private sealed interface Part permits Literal, Var, Capture { }

    private record Literal(String text) implements Part { }

    private record Var(String name) implements Part { }

    private record Capture(int n) implements Part { }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Compiles {@code text}; {@code known} answers whether a name is a variable (maps included). */
    public static Template compile(Directive d, String text, Set<String> mapNames) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                lit.append(c);
                i++;
                continue;
            }
            int start = i + 1;
            boolean braced = text.charAt(start) == '{';
            int j = braced ? start + 1 : start;
            if (!braced && Character.isDigit(text.charAt(j))) {
                flush(lit, parts);
                parts.add(new Capture(text.charAt(j) - '0'));
                i = j + 1;
                continue;
            }
            int nameStart = j;
            while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) j++;
            String name = text.substring(nameStart, j).toLowerCase(java.util.Locale.ROOT);
            if (braced) {
                if (j >= text.length() || text.charAt(j) != '}') {
                    throw ConfigError.at(d, "the closing bracket in \"" + name + "\" variable is missing");
                }
                j++;
            }
            if (name.isEmpty()) throw ConfigError.at(d, "invalid variable name \"" + text.substring(i) + "\"");
            if (d != null && !isKnown(name, mapNames)) throw ConfigError.at(d, "unknown \"" + name + "\" variable");
            flush(lit, parts);
            parts.add(new Var(name));
            i = j;
        }
        flush(lit, parts);
        return new Template(text, List.copyOf(parts));
    }

    /** Compiles text already checked at load time (or taken as is). */
    public static Template lenient(String text) {
        return compile(null, text, Set.of());
    }

    static boolean isKnown(String name, Set<String> mapNames) {
        if (BUILTIN.contains(name) || mapNames.contains(name)) return true;
        for (String p : PREFIXES) if (name.startsWith(p) && name.length() > p.length()) return true;
        return false;
    }

    private static void flush(StringBuilder lit, List<Part> parts) {
        if (lit.length() > 0) {
            parts.add(new Literal(lit.toString()));
            lit.setLength(0);
        }
    }

    public boolean hasVariables() {
        return parts.stream().anyMatch(p -> !(p instanceof Literal));
    }

    public String source() {
        return source;
    }

    public String render(Vars vars) {
        if (parts.size() == 1 && parts.get(0) instanceof Literal l) return l.text();
        StringBuilder sb = new StringBuilder(source.length() + 16);
        for (Part p : parts) {
            if (p instanceof Literal l) sb.append(l.text());
            else if (p instanceof Var v) append(sb, vars.get(v.name()));
            else if (p instanceof Capture c) append(sb, vars.capture(c.n()));
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String v) {
        if (v != null) sb.append(v);
    }

    @Override
    public String toString() {
        return source;
    }
}
