package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import java.util.ArrayList;
import java.util.List;

/** Loads {@code upstream NAME { server HOST[:PORT] [weight=N]; keepalive N; ... }}. */
final class UpstreamLoader {

    private UpstreamLoader() { }

    static Upstream load(Directive block, LoadScope scope, Model.Resolver httpResolver) {
        Model.Resolver resolver = httpResolver;
        List<UpstreamServer> servers = new ArrayList<>();
        Model.Method method = Model.Method.ROUND_ROBIN;
        Template hashKey = null;
        boolean consistent = false;
        boolean two = false;
        int keepalive = 32;
        long keepaliveTimeout = 15_000L;
        int keepaliveRequests = 1000;
        for (Directive d : block.block()) {
            switch (d.name()) {
                case "server" -> servers.add(server(d));
                case "keepalive" -> keepalive = Values.positiveInt(d, d.arg(0));
                case "keepalive_timeout" -> keepaliveTimeout = Values.millis(d, d.arg(0));
                case "keepalive_requests" -> keepaliveRequests = Values.positiveInt(d, d.arg(0));
                case "least_conn" -> method = Model.Method.LEAST_CONN;
                case "resolver" -> resolver = resolver(d);
                case "zone" -> { }
                case "ip_hash" -> method = Model.Method.IP_HASH;
                case "hash" -> {
                    method = Model.Method.HASH;
                    hashKey = scope.template(d, d.arg(0));
                    if (d.args().size() > 1) {
                        if (!d.arg(1).equals("consistent")) throw ConfigError.at(d, "invalid parameter \"" + d.arg(1) + "\"");
                        consistent = true;
                    }
                }
                case "random" -> {
                    method = Model.Method.RANDOM;
                    if (!d.args().isEmpty()) {
                        if (!d.arg(0).equals("two")) throw ConfigError.at(d, "invalid parameter \"" + d.arg(0) + "\"");
                        two = true;
                    }
                }
                default -> throw ConfigError.at(d, "\"" + d.name() + "\" directive is not allowed here");
            }
        }
        if (servers.isEmpty()) throw ConfigError.at(block, "no servers are inside upstream");
        return new Upstream(block.arg(0), List.copyOf(servers), keepalive, keepaliveTimeout, keepaliveRequests,
                method, hashKey, consistent, two, resolver == null ? Model.Resolver.SYSTEM : resolver, block.file(), block.line());
    }

    /** {@code resolver ADDRESS ... [valid=TIME] [ipv6=on|off] [status_zone=...]}. */
    static Model.Resolver resolver(Directive d) {
        List<String> addresses = new ArrayList<>();
        long valid = Model.Resolver.SYSTEM.validMs();
        for (String a : d.args()) {
            if (a.startsWith("valid=")) valid = Values.millis(d, a.substring(6));
            else if (a.startsWith("ipv6=") || a.startsWith("ipv4=") || a.startsWith("status_zone=")) continue;
            else addresses.add(a);
        }
        if (addresses.isEmpty()) throw ConfigError.at(d, "invalid number of arguments in \"resolver\" directive");
        return new Model.Resolver(List.copyOf(addresses), Math.max(valid, 1000));
    }

    private static UpstreamServer server(Directive d) {
        String addr = d.arg(0);
        String host = addr;
        int port = 80;
        int colon = addr.lastIndexOf(':');
        if (colon >= 0) {
            host = addr.substring(0, colon);
            try {
                port = Integer.parseInt(addr.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw ConfigError.at(d, "invalid port in upstream \"" + addr + "\"");
            }
            if (port < 1 || port > 65535) throw ConfigError.at(d, "invalid port in upstream \"" + addr + "\"");
        }
        int weight = 1;
        int maxFails = 1;
        long failTimeout = 10_000;
        boolean backup = false;
        boolean down = false;
        boolean resolve = false;
        int maxConns = 0;
        for (String p : d.args().subList(1, d.args().size())) {
            if (p.startsWith("weight=")) weight = Values.positiveInt(d, p.substring(7));
            else if (p.startsWith("max_fails=")) maxFails = nonNegative(d, p.substring(10));
            else if (p.startsWith("fail_timeout=")) failTimeout = Values.millis(d, p.substring(13));
            else if (p.startsWith("max_conns=")) maxConns = nonNegative(d, p.substring(10));
            else if (p.equals("backup")) backup = true;
            else if (p.equals("down")) down = true;
            else if (p.equals("resolve")) resolve = true;
            else throw ConfigError.at(d, "invalid parameter \"" + p + "\"");
        }
        return new UpstreamServer(host, port, weight, maxFails, failTimeout, backup, down, maxConns, resolve);
    }

    private static int nonNegative(Directive d, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // nginx's message below
        }
        throw ConfigError.at(d, "invalid parameter \"" + v + "\"");
    }
}
