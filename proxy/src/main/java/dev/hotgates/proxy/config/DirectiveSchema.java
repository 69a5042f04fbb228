package dev.hotgates.proxy.config;

import static dev.hotgates.proxy.config.Context.EVENTS;
import static dev.hotgates.proxy.config.Context.HTTP;
import static dev.hotgates.proxy.config.Context.LOCATION;
import static dev.hotgates.proxy.config.Context.MAIN;
import static dev.hotgates.proxy.config.Context.SERVER;
import static dev.hotgates.proxy.config.Context.UPSTREAM;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The directives we understand, where each may stand, how many arguments it takes and whether
 * it opens a block — checked in nginx's order so the first problem gets nginx's own words.
 */
public final class DirectiveSchema {

    /** How a directive's block is read: none, directives, or free-form entries (map, types). */
    enum Body { NONE, DIRECTIVES, ENTRIES }

    record Spec(Set<Context> where, int min, int max, Body body, Context opens) { }

    private static final int MANY = Integer.MAX_VALUE;
    private static final Map<String, Spec> SPECS = new HashMap<>();
    /** Directives whose meaning depends on the block: {@code server} inside {@code upstream}. */
    private static final Map<String, Spec> IN_UPSTREAM = new HashMap<>();

    private static final Set<Context> HSL = EnumSet.of(HTTP, SERVER, LOCATION);
    private static final Set<Context> HS = EnumSet.of(HTTP, SERVER);
    private static final Set<Context> SL = EnumSet.of(SERVER, LOCATION);

    static {
        simple("worker_processes", EnumSet.of(MAIN), 1, 1);
        simple("pid", EnumSet.of(MAIN), 1, 1);
        simple("worker_shutdown_timeout", EnumSet.of(MAIN), 1, 1);
        simple("error_log", EnumSet.of(MAIN, HTTP, SERVER, LOCATION), 1, 2);
        simple("worker_connections", EnumSet.of(EVENTS), 1, 1);
        block("events", EnumSet.of(MAIN), 0, 0, Body.DIRECTIVES, EVENTS);
        block("http", EnumSet.of(MAIN), 0, 0, Body.DIRECTIVES, HTTP);
        block("server", EnumSet.of(HTTP), 0, 0, Body.DIRECTIVES, SERVER);
        block("location", SL, 1, 2, Body.DIRECTIVES, LOCATION);
        block("upstream", EnumSet.of(HTTP), 1, 1, Body.DIRECTIVES, UPSTREAM);
        block("map", EnumSet.of(HTTP), 2, 2, Body.ENTRIES, Context.MAP);
        block("types", HSL, 0, 0, Body.ENTRIES, Context.TYPES);

        simple("listen", EnumSet.of(SERVER), 1, MANY);
        simple("server_name", EnumSet.of(SERVER), 1, MANY);
        simple("root", HSL, 1, 1);
        simple("alias", EnumSet.of(LOCATION), 1, 1);
        simple("index", HSL, 1, MANY);
        simple("try_files", SL, 2, MANY);
        simple("autoindex", HSL, 1, 1);
        simple("default_type", HSL, 1, 1);
        simple("etag", HSL, 1, 1);
        simple("sendfile", HSL, 1, 1);
        simple("return", SL, 1, 2);
        simple("add_header", HSL, 2, 3);
        simple("error_page", HSL, 2, MANY);
        simple("client_max_body_size", HSL, 1, 1);
        simple("client_header_timeout", HS, 1, 1);
        simple("client_body_timeout", HSL, 1, 1);
        simple("client_body_min_rate", HSL, 1, 2);
        simple("send_timeout", HSL, 1, 1);
        simple("keepalive_timeout", EnumSet.of(HTTP, SERVER, LOCATION, UPSTREAM), 1, 2);
        simple("keepalive_requests", EnumSet.of(HTTP, SERVER, LOCATION, UPSTREAM), 1, 1);
        simple("large_client_header_buffers", HS, 2, 2);
        simple("access_log", HSL, 1, 3);
        simple("log_format", EnumSet.of(HTTP), 2, MANY);
        simple("allow", HSL, 1, 1);
        simple("deny", HSL, 1, 1);
        simple("stub_status", SL, 0, 1);
        // Ours: Prometheus metrics, the JSON behind the dashboard, the dashboard page.
        simple("hotgates_metrics", SL, 0, 0);
        simple("hotgates_status", SL, 0, 0);
        simple("hotgates_dashboard", SL, 0, 0);

        simple("ssl_certificate", HS, 1, 1);
        simple("ssl_certificate_key", HS, 1, 1);
        simple("ssl_protocols", HS, 1, MANY);
        simple("ssl_ciphers", HS, 1, 1);
        simple("ssl_session_cache", HS, 1, 2);
        simple("ssl_session_timeout", HS, 1, 1);
        simple("ssl_prefer_server_ciphers", HS, 1, 1);

        simple("proxy_pass", EnumSet.of(LOCATION), 1, 1);
        simple("proxy_set_header", HSL, 2, 2);
        simple("proxy_hide_header", HSL, 1, 1);
        simple("proxy_pass_header", HSL, 1, 1);
        simple("proxy_http_version", HSL, 1, 1);
        simple("proxy_connect_timeout", HSL, 1, 1);
        simple("proxy_read_timeout", HSL, 1, 1);
        simple("proxy_send_timeout", HSL, 1, 1);
        simple("proxy_redirect", HSL, 1, 2);
        simple("proxy_intercept_errors", HSL, 1, 1);
        simple("proxy_buffering", HSL, 1, 1);

        simple("keepalive", EnumSet.of(UPSTREAM), 1, 1);
        simple("least_conn", EnumSet.of(UPSTREAM), 0, 0);
        simple("resolver", EnumSet.of(HTTP, UPSTREAM), 1, MANY);
        simple("zone", EnumSet.of(UPSTREAM), 1, 2);
        simple("ip_hash", EnumSet.of(UPSTREAM), 0, 0);
        simple("hash", EnumSet.of(UPSTREAM), 1, 2);
        simple("random", EnumSet.of(UPSTREAM), 0, 1);
        simple("proxy_next_upstream", HSL, 1, MANY);
        simple("proxy_next_upstream_tries", HSL, 1, 1);
        simple("proxy_next_upstream_timeout", HSL, 1, 1);
        IN_UPSTREAM.put("server", new Spec(EnumSet.of(UPSTREAM), 1, MANY, Body.NONE, null));
    }

    private DirectiveSchema() { }

    private static void simple(String name, Set<Context> where, int min, int max) {
        SPECS.put(name, new Spec(where, min, max, Body.NONE, null));
    }

    private static void block(String name, Set<Context> where, int min, int max, Body body, Context opens) {
        SPECS.put(name, new Spec(where, min, max, body, opens));
    }

    /** All directive names we accept, for documentation and tests. */
    public static Set<String> names() {
        return SPECS.keySet();
    }

    /** Checks a whole parsed file, throwing the first problem as nginx would report it. */
    public static void check(List<Directive> main) {
        check(main, MAIN);
    }

    private static void check(List<Directive> list, Context ctx) {
        for (Directive d : list) {
            Spec spec = ctx == UPSTREAM ? IN_UPSTREAM.getOrDefault(d.name(), SPECS.get(d.name())) : SPECS.get(d.name());
            if (spec == null) throw ConfigError.at(d, "unknown directive \"" + d.name() + "\"");
            if (!spec.where().contains(ctx)) throw ConfigError.at(d, "\"" + d.name() + "\" directive is not allowed here");
            if (spec.body() == Body.NONE && d.hasBlock()) {
                throw ConfigError.at(d, "directive \"" + d.name() + "\" is not terminated by \";\"");
            }
            if (spec.body() != Body.NONE && !d.hasBlock()) {
                throw ConfigError.at(d, "directive \"" + d.name() + "\" has no opening \"{\"");
            }
            int n = d.args().size();
            if (n < spec.min() || n > spec.max()) {
                throw ConfigError.at(d, "invalid number of arguments in \"" + d.name() + "\" directive");
            }
            if (spec.body() == Body.DIRECTIVES) check(d.block(), spec.opens());
            if (spec.body() == Body.ENTRIES) checkEntries(d);
        }
    }

    private static void checkEntries(Directive block) {
        for (Directive e : block.block()) {
            if (e.hasBlock()) throw ConfigError.at(e, "unexpected \"{\"");
        }
    }
}
