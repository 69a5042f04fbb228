package dev.hotgates.proxy.config;

import java.util.List;
import java.util.regex.Pattern;

/** The small immutable value types of a loaded configuration. */
public final class Model {

    private Model() { }

    /** {@code listen [ADDR:]PORT [default_server] [ssl]}; {@code host} is null for every address. */
    public record Listen(String host, int port, boolean defaultServer, boolean ssl) {
        public String key() {
            return (host == null ? "*" : host) + ":" + port;
        }
    }

    /**
     * {@code client_body_min_rate RATE [GRACE]} (ours): once the proxy has waited GRACE in total for
     * body bytes, the body must have arrived at RATE bytes per second on average. {@code 0} is off.
     */
    public record BodyRate(long bytesPerSecond, long graceMillis) {
        public static final BodyRate DEFAULT = new BodyRate(256, 10_000);
    }

    /**
     * The {@code ssl_*} settings of a server: PEM files, protocols, ciphers (OpenSSL names, or
     * null for the JDK's secure defaults), session cache size and timeout.
     */
    public record Tls(String certificate, String certificateKey, List<String> protocols, String ciphers,
                      int sessionCacheSize, long sessionTimeoutSeconds) {
        public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    }

    /** The modifier of a {@code location}. */
    public enum Match {
        EXACT("="), PREFIX(""), NOREGEX("^~"), REGEX("~"), IREGEX("~*"), NAMED("@");

        public final String symbol;

        Match(String symbol) {
            this.symbol = symbol;
        }

        public boolean isRegex() {
            return this == REGEX || this == IREGEX;
        }
    }

    /**
     * {@code proxy_pass http://HOST[:PORT][URI]}. {@code uriPart} is null when none was written (a
     * lone "/" is a URI part). {@code upstream} names an upstream block, else host/port are used.
     * {@code dynamic} holds the whole target when it has variables: then the URI goes as is.
     */
    public record ProxyPass(String host, int port, String upstream, String uriPart, String proxyHost, Template dynamic) {
        public String url() {
            return "http://" + proxyHost + (uriPart == null ? "" : uriPart);
        }
    }

    /** {@code return CODE [TEXT]}, {@code return CODE URL} or {@code return URL} (302). */
    public record Return(int code, Template text) {
        public boolean isRedirect() {
            return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
        }
    }

    /** {@code error_page CODE... [=[RESPONSE]] URI}; {@code override} -1 keeps the code, 0 takes the target's. */
    /** {@code error_page CODES [=[CODE]] URI}; the URI may have variables ({@code https://$host$request_uri}). */
    public record ErrorPage(int override, String uri, Template target) { }

    public record AddHeader(String name, Template value, boolean always) { }

    public record SetHeader(String name, Template value) { }

    /** {@code allow}/{@code deny}: {@code prefixBits} -1 means {@code all}. */
    public record AccessRule(boolean allow, byte[] address, int prefixBits, String source) { }

    public record LogFormat(String name, Template template) { }

    /** {@code access_log PATH [FORMAT]}; an empty list of these means {@code off}. */
    public record AccessLog(String path, LogFormat format) { }

    /** {@code proxy_redirect}: default, off, or FROM TO pairs. */
    public record Redirect(String from, Template to) { }

    public record MapEntry(String key, Pattern regex, Template value) { }

    /** {@code map $source $target { ... }}. */
    public record MapBlock(Template source, String target, List<MapEntry> entries, Template defaultValue, boolean hostnames) { }

    /**
     * One {@code server} line of an {@code upstream} block:
     * {@code server HOST[:PORT] [weight=N] [max_fails=N] [fail_timeout=T] [backup] [down] [max_conns=N]}.
     */
    public record UpstreamServer(String host, int port, int weight, int maxFails, long failTimeoutMs,
                                 boolean backup, boolean down, int maxConns, boolean resolve) {
        public UpstreamServer(String host, int port, int weight) {
            this(host, port, weight, 1, 10_000, false, false, 0, false);
        }

        public UpstreamServer(String host, int port, int weight, int maxFails, long failTimeoutMs,
                              boolean backup, boolean down, int maxConns) {
            this(host, port, weight, maxFails, failTimeoutMs, backup, down, maxConns, false);
        }

        /** The same server at one of the addresses its name resolved to. */
        public UpstreamServer at(String address) {
            return new UpstreamServer(address, port, weight, maxFails, failTimeoutMs, backup, down, maxConns, false);
        }

        public String address() {
            return host + ":" + port;
        }
    }

    /**
     * {@code resolver ADDRESS ... [valid=TIME]}: where names with {@code resolve} are looked up
     * again, and how often. No addresses: the system's resolver (in compose, Docker's 127.0.0.11).
     */
    public record Resolver(List<String> addresses, long validMs) {
        public static final Resolver SYSTEM = new Resolver(List.of(), 5_000);
    }

    /** How an upstream block picks a server. */
    public enum Method { ROUND_ROBIN, LEAST_CONN, IP_HASH, HASH, RANDOM }

    /** {@code upstream NAME { server ...; keepalive N; keepalive_timeout T; }}, and its method. */
    public record Upstream(String name, List<UpstreamServer> servers, int keepalive, long keepaliveTimeoutMs,
                           int keepaliveRequests, Method method, Template hashKey, boolean consistent,
                           boolean two, Resolver resolver, String file, int line) {
        public Upstream(String name, List<UpstreamServer> servers, int keepalive, long keepaliveTimeoutMs,
                        int keepaliveRequests, String file, int line) {
            this(name, servers, keepalive, keepaliveTimeoutMs, keepaliveRequests, Method.ROUND_ROBIN, null, false, false,
                    null, file, line);
        }

        public Upstream(String name, List<UpstreamServer> servers, int keepalive, long keepaliveTimeoutMs,
                        int keepaliveRequests, Method method, Template hashKey, boolean consistent, boolean two,
                        String file, int line) {
            this(name, servers, keepalive, keepaliveTimeoutMs, keepaliveRequests, method, hashKey, consistent, two,
                    null, file, line);
        }

        public boolean resolves() {
            return servers.stream().anyMatch(UpstreamServer::resolve);
        }

        public String where() {
            return file + ":" + line;
        }
    }
}
