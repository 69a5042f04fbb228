package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.AccessLog;
import dev.hotgates.proxy.config.Model.AccessRule;
import dev.hotgates.proxy.config.Model.AddHeader;
import dev.hotgates.proxy.config.Model.ErrorPage;
import dev.hotgates.proxy.config.Model.LogFormat;
import dev.hotgates.proxy.config.Model.Redirect;
import dev.hotgates.proxy.config.Model.Return;
import dev.hotgates.proxy.config.Model.SetHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects the settings directives of one level on top of the level above, applying nginx's
 * inheritance rules, and produces an immutable {@link Settings}.
 */
final class SettingsBuilder {

    /** Settings that never pass to an inner level. */
    private static final Set<String> OWN_LEVEL_ONLY = Set.of("proxy_pass", "return", "try_files", "stub_status", "status_page", "root!");

    private final Map<String, Object> values = new HashMap<>();
    private final Set<String> listsStartedHere = new HashSet<>();
    private final LoadScope scope;

    SettingsBuilder(Map<String, Object> parent, LoadScope scope) {
        this.scope = scope;
        if (parent != null) parent.forEach((k, v) -> { if (!OWN_LEVEL_ONLY.contains(k)) values.put(k, v); });
    }

    Map<String, Object> values() {
        return values;
    }

    /** Applies a settings directive; returns false when {@code d} is not one. */
    boolean apply(Directive d) {
        switch (d.name()) {
            case "root", "alias" -> {
                scope.template(d, d.arg(0));
                if (values.containsKey("root!")) {
                    throw ConfigError.at(d, "\"" + d.name() + "\" directive is duplicate"
                            + (values.get("alias").equals(Boolean.TRUE) != d.name().equals("alias")
                               ? ", \"" + (d.name().equals("root") ? "alias" : "root") + "\" directive was specified earlier" : ""));
                }
                values.put("root!", true);
                // A relative path is relative to the configuration file's directory.
                String path = d.arg(0);
                values.put("root", path.startsWith("/") || path.startsWith("$") ? path : scope.resolvePath(path));
                values.put("alias", d.name().equals("alias"));
            }
            case "index", "try_files" -> {
                d.args().forEach(a -> scope.template(d, a));
                values.put(d.name(), List.copyOf(d.args()));
            }
            case "autoindex" -> values.put("autoindex", Values.flag(d));
            case "etag" -> values.put("etag", Values.flag(d));
            case "sendfile", "proxy_buffering" -> Values.flag(d);
            case "default_type" -> values.put("default_type", d.arg(0));
            case "types" -> values.put("types", types(d));
            case "return" -> values.put("return", ret(d));
            case "add_header" -> list("add_header").add(new AddHeader(d.arg(0), scope.template(d, d.arg(1)), always(d)));
            case "error_page" -> errorPage(d);
            case "client_body_min_rate" -> values.put(d.name(), new Model.BodyRate(Values.bytes(d, d.arg(0)),
                    d.args().size() > 1 ? Values.millis(d, d.arg(1)) : Model.BodyRate.DEFAULT.graceMillis()));
            case "client_max_body_size" -> values.put("client_max_body_size", Values.bytes(d, d.arg(0)));
            case "client_header_timeout", "client_body_timeout", "send_timeout", "proxy_connect_timeout",
                 "proxy_read_timeout", "proxy_send_timeout" -> values.put(d.name(), Values.millis(d, d.arg(0)));
            case "keepalive_timeout" -> values.put(d.name(), Values.millis(d, d.arg(0)));
            case "keepalive_requests" -> values.put(d.name(), Values.positiveInt(d, d.arg(0)));
            case "large_client_header_buffers" -> {
                Values.positiveInt(d, d.arg(0));
                values.put(d.name(), (int) Values.bytes(d, d.arg(1)));
            }
            case "access_log" -> accessLog(d);
            case "allow", "deny" -> list("access_rules").add(AccessRules.parse(d));
            case "stub_status" -> values.put("stub_status", true);
            case "hotgates_metrics", "hotgates_status", "hotgates_dashboard" -> values.put("status_page", d.name().substring(9));
            case "proxy_pass" -> values.put("proxy_pass", ProxyPassParser.parse(d, scope));
            case "proxy_set_header" -> list("proxy_set_header").add(new SetHeader(d.arg(0), scope.template(d, d.arg(1))));
            case "proxy_hide_header", "proxy_pass_header" -> set(d.name()).add(d.arg(0).toLowerCase(Locale.ROOT));
            case "proxy_http_version" -> {
                if (!d.arg(0).equals("1.0") && !d.arg(0).equals("1.1")) {
                    throw ConfigError.at(d, "invalid value \"" + d.arg(0) + "\" in \"proxy_http_version\" directive, it must be \"1.0\" or \"1.1\"");
                }
                values.put(d.name(), d.arg(0));
            }
            case "proxy_redirect" -> redirect(d);
            case "proxy_intercept_errors" -> values.put(d.name(), Values.flag(d));
            case "proxy_next_upstream" -> values.put(d.name(), nextUpstream(d));
            case "proxy_next_upstream_tries" -> values.put(d.name(), Integer.parseInt(String.valueOf(Values.bytes(d, d.arg(0)))));
            case "proxy_next_upstream_timeout" -> values.put(d.name(), Values.millis(d, d.arg(0)));
            case "ssl_certificate", "ssl_certificate_key" -> values.put(d.name(), scope.resolvePath(d.arg(0)));
            case "ssl_protocols" -> values.put(d.name(), TlsDirectives.protocols(d));
            case "ssl_ciphers" -> values.put(d.name(), d.arg(0));
            case "ssl_session_cache" -> values.put(d.name(), TlsDirectives.sessionCache(d));
            case "ssl_session_timeout" -> values.put(d.name(), Values.millis(d, d.arg(0)) / 1000);
            case "ssl_prefer_server_ciphers" -> Values.flag(d);
            case "error_log" -> { }
            default -> { return false; }
        }
        return true;
    }

    private static final Set<String> NEXT_UPSTREAM = Set.of("error", "timeout", "invalid_header", "http_500", "http_502",
            "http_503", "http_504", "http_403", "http_404", "http_429", "non_idempotent", "off");

    private static Set<String> nextUpstream(Directive d) {
        Set<String> out = new HashSet<>();
        for (String a : d.args()) {
            if (!NEXT_UPSTREAM.contains(a)) throw ConfigError.at(d, "invalid value \"" + a + "\"");
            out.add(a);
        }
        if (out.contains("off")) {
            if (out.size() > 1) throw ConfigError.at(d, "invalid value \"off\"");
            return Set.of();
        }
        return Set.copyOf(out);
    }

    private static boolean always(Directive d) {
        if (d.args().size() < 3) return false;
        if (d.arg(2).equals("always")) return true;
        throw ConfigError.at(d, "invalid parameter \"" + d.arg(2) + "\"");
    }

    private Map<String, String> types(Directive d) {
        Map<String, String> map = new HashMap<>();
        for (Directive e : d.block()) {
            for (String ext : e.args()) map.put(ext.toLowerCase(Locale.ROOT), e.name());
        }
        return Map.copyOf(map);
    }

    private Return ret(Directive d) {
        String first = d.arg(0);
        if (d.args().size() == 1 && (first.startsWith("http://") || first.startsWith("https://") || first.startsWith("$scheme"))) {
            return new Return(302, scope.template(d, first));
        }
        int code;
        try {
            code = Integer.parseInt(first);
        } catch (NumberFormatException e) {
            throw ConfigError.at(d, "invalid return code \"" + first + "\"");
        }
        if (code < 0 || code > 999) throw ConfigError.at(d, "invalid return code \"" + first + "\"");
        return new Return(code, d.args().size() > 1 ? scope.template(d, d.arg(1)) : null);
    }

    private void errorPage(Directive d) {
        List<String> a = d.args();
        String uri = a.get(a.size() - 1);
        int override = -1;
        int codesEnd = a.size() - 1;
        if (a.get(codesEnd - 1).startsWith("=")) {
            String o = a.get(codesEnd - 1).substring(1);
            override = o.isEmpty() ? 0 : parseCode(d, o, 100);
            codesEnd--;
        }
        if (codesEnd == 0) throw ConfigError.at(d, "invalid number of arguments in \"error_page\" directive");
        Map<Integer, ErrorPage> pages = map("error_page");
        Template target = scope.template(d, uri);
        for (int i = 0; i < codesEnd; i++) pages.put(parseCode(d, a.get(i), 300), new ErrorPage(override, uri, target));
    }

    private static int parseCode(Directive d, String s, int min) {
        try {
            int code = Integer.parseInt(s);
            if (code >= min && code <= 599) return code;
            throw ConfigError.at(d, "value \"" + s + "\" must be between " + min + " and 599");
        } catch (NumberFormatException e) {
            throw ConfigError.at(d, "invalid value \"" + s + "\"");
        }
    }

    private void accessLog(Directive d) {
        List<AccessLog> logs = list("access_log");
        if (d.arg(0).equals("off")) {
            logs.clear();
            return;
        }
        String formatName = d.args().size() > 1 ? d.arg(1) : "combined";
        LogFormat format = scope.logFormats().get(formatName);
        if (format == null) throw ConfigError.at(d, "unknown log format \"" + formatName + "\"");
        logs.add(new AccessLog(scope.resolvePath(d.arg(0)), format));
    }

    private void redirect(Directive d) {
        if (d.args().size() == 1) {
            switch (d.arg(0)) {
                case "default" -> values.put("proxy_redirect_default", true);
                case "off" -> {
                    values.put("proxy_redirect_default", false);
                    listsStartedHere.add("proxy_redirect");
                    values.put("proxy_redirect", new ArrayList<Redirect>());
                }
                default -> throw ConfigError.at(d, "invalid parameter \"" + d.arg(0) + "\"");
            }
            return;
        }
        values.put("proxy_redirect_default", false);
        list("proxy_redirect").add(new Redirect(d.arg(0), scope.template(d, d.arg(1))));
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> list(String key) {
        if (listsStartedHere.add(key)) values.put(key, new ArrayList<T>());
        return (List<T>) values.get(key);
    }

    @SuppressWarnings("unchecked")
    private <K, V> Map<K, V> map(String key) {
        if (listsStartedHere.add(key)) values.put(key, new LinkedHashMap<K, V>());
        return (Map<K, V>) values.get(key);
    }

    @SuppressWarnings("unchecked")
    private Set<String> set(String key) {
        if (listsStartedHere.add(key)) values.put(key, new HashSet<String>());
        return (Set<String>) values.get(key);
    }

    /** Values copied from here on are frozen: an inner level starts its own lists. */
    Settings build() {
        return SettingsDefaults.build(values);
    }
}
