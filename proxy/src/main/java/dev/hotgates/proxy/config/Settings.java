package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.AccessLog;
import dev.hotgates.proxy.config.Model.AccessRule;
import dev.hotgates.proxy.config.Model.AddHeader;
import dev.hotgates.proxy.config.Model.ErrorPage;
import dev.hotgates.proxy.config.Model.ProxyPass;
import dev.hotgates.proxy.config.Model.Redirect;
import dev.hotgates.proxy.config.Model.Return;
import dev.hotgates.proxy.config.Model.SetHeader;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting in force at one level (http, server or location) after nginx's inheritance:
 * scalars come from the nearest level that sets them; lists ({@code proxy_set_header},
 * {@code add_header}, {@code error_page}, {@code allow/deny}, {@code access_log}) come whole from
 * the nearest level that has any. {@code proxyPass}, {@code ret}, {@code tryFiles} and
 * {@code stubStatus} belong to their own level only.
 */
public record Settings(
        String root, boolean alias, List<String> index, List<String> tryFiles, boolean autoindex,
        Map<String, String> types, String defaultType, boolean etag,
        Return ret, List<AddHeader> addHeaders, Map<Integer, ErrorPage> errorPages,
        long clientMaxBodySize, long clientHeaderTimeout, long clientBodyTimeout, Model.BodyRate clientBodyMinRate, long sendTimeout,
        long keepaliveTimeout, int keepaliveRequests, int largeHeaderBuffer,
        List<AccessLog> accessLogs, List<AccessRule> accessRules, boolean stubStatus,
        ProxyPass proxyPass, List<SetHeader> proxySetHeaders, Set<String> proxyHideHeaders,
        Set<String> proxyPassHeaders, String proxyHttpVersion, long proxyConnectTimeout,
        long proxyReadTimeout, long proxySendTimeout, List<Redirect> proxyRedirect,
        boolean proxyRedirectDefault, boolean proxyInterceptErrors, Set<String> proxyNextUpstream,
        int proxyNextUpstreamTries, long proxyNextUpstreamTimeout, Model.Tls tls, String statusPage) {

    /** nginx's built-in types when no {@code types} block is given. */
    public static final Map<String, String> DEFAULT_TYPES =
            Map.of("html", "text/html", "gif", "image/gif", "jpg", "image/jpeg");

    /** The path under which static files are looked up: {@code root} or {@code alias}. */
    public String documentRoot() {
        return root == null ? "html" : root;
    }
}
