package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.ProxyPass;

/** Parses {@code proxy_pass http://HOST[:PORT][URI]} as nginx does (ngx_http_proxy_pass). */
final class ProxyPassParser {

    private ProxyPassParser() { }

    static ProxyPass parse(Directive d, LoadScope scope) {
        String url = d.arg(0);
        Template t = scope.template(d, url);
        if (t.hasVariables()) return new ProxyPass(null, 0, null, null, null, t);
        if (url.regionMatches(true, 0, "https://", 0, 8)) {
            throw ConfigError.at(d, "https protocol requires SSL support, not available in \"proxy_pass\" yet");
        }
        if (!url.regionMatches(true, 0, "http://", 0, 7)) throw ConfigError.at(d, "invalid URL prefix in \"" + url + "\"");
        String rest = url.substring(7);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String uriPart = slash < 0 ? null : rest.substring(slash);
        if (authority.isEmpty()) throw ConfigError.at(d, "no host in \"" + url + "\" of the \"proxy_pass\" directive");
        String host = authority;
        int port = 80;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw ConfigError.at(d, "invalid port in \"" + authority + "\" of the \"proxy_pass\" directive");
            }
            if (port < 1 || port > 65535) throw ConfigError.at(d, "invalid port in \"" + authority + "\" of the \"proxy_pass\" directive");
        }
        String proxyHost = port == 80 && colon < 0 ? host : authority;
        // "http://NAME" without a port names an upstream block when one exists (ngx_http_upstream_add).
        String upstream = colon < 0 && scope.upstreamNames().contains(host) ? host : null;
        return new ProxyPass(host, port, upstream, uriPart, proxyHost, null);
    }
}
