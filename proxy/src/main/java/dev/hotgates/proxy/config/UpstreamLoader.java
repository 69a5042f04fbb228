package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import java.util.ArrayList;
import java.util.List;

/** Loads {@code upstream NAME { server HOST[:PORT] [weight=N]; keepalive N; ... }}. */
final class UpstreamLoader {

    private UpstreamLoader() { }

    static Upstream load(Directive block) {
        List<UpstreamServer> servers = new ArrayList<>();
        int keepalive = 32;
        long keepaliveTimeout = 15_000L;
        int keepaliveRequests = 1000;
        for (Directive d : block.block()) {
            switch (d.name()) {
                case "server" -> servers.add(server(d));
                case "keepalive" -> keepalive = Values.positiveInt(d, d.arg(0));
                case "keepalive_timeout" -> keepaliveTimeout = Values.millis(d, d.arg(0));
                case "keepalive_requests" -> keepaliveRequests = Values.positiveInt(d, d.arg(0));
                default -> throw ConfigError.at(d, "\"" + d.name() + "\" directive is not allowed here");
            }
        }
        if (servers.isEmpty()) throw ConfigError.at(block, "no servers are inside upstream");
        return new Upstream(block.arg(0), List.copyOf(servers), keepalive, keepaliveTimeout, keepaliveRequests,
                block.file(), block.line());
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
        for (String p : d.args().subList(1, d.args().size())) {
            if (p.startsWith("weight=")) weight = Values.positiveInt(d, p.substring(7));
            else throw ConfigError.at(d, "invalid parameter \"" + p + "\"");
        }
        return new UpstreamServer(host, port, weight);
    }
}
