package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.ProxyPass;

/** Parses a {@code proxy_pass} URL rendered from variables at request time. */
final class DynamicTarget {

    private DynamicTarget() { }

    /** null when the URL is not {@code http://host[:port][/uri]}. */
    static ProxyPass parse(String url) {
        if (!url.regionMatches(true, 0, "http://", 0, 7)) return null;
        String rest = url.substring(7);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String uri = slash < 0 ? null : rest.substring(slash);
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        int port = 80;
        if (colon >= 0) {
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (host.isEmpty()) return null;
        return new ProxyPass(host, port, null, uri, authority, null);
    }
}
