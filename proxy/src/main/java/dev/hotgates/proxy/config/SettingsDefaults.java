package dev.hotgates.proxy.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** nginx's defaults for every setting, applied when no level sets it. */
final class SettingsDefaults {

    private SettingsDefaults() { }

    @SuppressWarnings("unchecked")
    static Settings build(Map<String, Object> v) {
        return new Settings(
                (String) v.get("root"), (Boolean) v.getOrDefault("alias", false),
                (List<String>) v.getOrDefault("index", List.of("index.html")),
                (List<String>) v.get("try_files"),
                (Boolean) v.getOrDefault("autoindex", false),
                (Map<String, String>) v.getOrDefault("types", Settings.DEFAULT_TYPES),
                (String) v.getOrDefault("default_type", "text/plain"),
                (Boolean) v.getOrDefault("etag", true),
                (Model.Return) v.get("return"),
                List.copyOf((List<Model.AddHeader>) v.getOrDefault("add_header", List.of())),
                Map.copyOf((Map<Integer, Model.ErrorPage>) v.getOrDefault("error_page", Map.of())),
                (Long) v.getOrDefault("client_max_body_size", 1024L * 1024),
                (Long) v.getOrDefault("client_header_timeout", 60_000L),
                (Long) v.getOrDefault("client_body_timeout", 60_000L),
                (Model.BodyRate) v.getOrDefault("client_body_min_rate", Model.BodyRate.DEFAULT),
                (Long) v.getOrDefault("send_timeout", 60_000L),
                (Long) v.getOrDefault("keepalive_timeout", 75_000L),
                (Integer) v.getOrDefault("keepalive_requests", 1000),
                (Integer) v.getOrDefault("large_client_header_buffers", 8192),
                List.copyOf((List<Model.AccessLog>) v.getOrDefault("access_log", List.of())),
                List.copyOf((List<Model.AccessRule>) v.getOrDefault("access_rules", List.of())),
                (Boolean) v.getOrDefault("stub_status", false),
                (Model.ProxyPass) v.get("proxy_pass"),
                List.copyOf((List<Model.SetHeader>) v.getOrDefault("proxy_set_header", List.of())),
                Set.copyOf((Set<String>) v.getOrDefault("proxy_hide_header", Set.of())),
                Set.copyOf((Set<String>) v.getOrDefault("proxy_pass_header", Set.of())),
                (String) v.getOrDefault("proxy_http_version", "1.1"),
                (Long) v.getOrDefault("proxy_connect_timeout", 60_000L),
                (Long) v.getOrDefault("proxy_read_timeout", 60_000L),
                (Long) v.getOrDefault("proxy_send_timeout", 60_000L),
                List.copyOf((List<Model.Redirect>) v.getOrDefault("proxy_redirect", List.of())),
                (Boolean) v.getOrDefault("proxy_redirect_default", true),
                (Boolean) v.getOrDefault("proxy_intercept_errors", false),
                Set.copyOf((Set<String>) v.getOrDefault("proxy_next_upstream", Set.of("error", "timeout"))),
                (Integer) v.getOrDefault("proxy_next_upstream_tries", 0),
                (Long) v.getOrDefault("proxy_next_upstream_timeout", 0L),
                tls(v),
                (String) v.get("status_page"));
    }

    @SuppressWarnings("unchecked")
    private static Model.Tls tls(Map<String, Object> v) {
        if (!v.containsKey("ssl_certificate")) return null;
        return new Model.Tls((String) v.get("ssl_certificate"), (String) v.get("ssl_certificate_key"),
                (List<String>) v.getOrDefault("ssl_protocols", Model.Tls.DEFAULT_PROTOCOLS),
                (String) v.get("ssl_ciphers"),
                (Integer) v.getOrDefault("ssl_session_cache", 0),
                (Long) v.getOrDefault("ssl_session_timeout", 300L));
    }
}
