package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.Listen;
import dev.hotgates.proxy.config.Model.LogFormat;
import dev.hotgates.proxy.config.Model.MapBlock;
import dev.hotgates.proxy.config.Model.Upstream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a checked directive tree into a {@link ProxyConfig}, with nginx's semantic checks. */
final class ConfigLoader {

    private final Path file;
    private final List<String> warnings = new ArrayList<>();
    private LoadScope scope;

    ConfigLoader(Path file) {
        this.file = file;
    }

    ProxyConfig load(List<Directive> main) {
        int workers = 1;
        int connections = 512;
        String pid = null;
        long shutdown = 10_000;
        Directive http = null;
        for (Directive d : main) {
            switch (d.name()) {
                case "worker_processes" -> workers = d.arg(0).equals("auto")
                        ? Runtime.getRuntime().availableProcessors() : Values.positiveInt(d, d.arg(0));
                case "pid" -> pid = d.arg(0);
                case "worker_shutdown_timeout" -> shutdown = Values.millis(d, d.arg(0));
                case "events" -> {
                    for (Directive e : d.block()) if (e.name().equals("worker_connections")) connections = Values.positiveInt(e, e.arg(0));
                }
                case "http" -> {
                    if (http != null) throw ConfigError.at(d, "\"http\" directive is duplicate");
                    http = d;
                }
                default -> { }
            }
        }
        if (http == null) return new ProxyConfig(file, workers, connections, pid, shutdown, List.of(), Map.of(), Map.of(), warnings);
        return loadHttp(http, workers, connections, pid, shutdown);
    }

    private ProxyConfig loadHttp(Directive http, int workers, int connections, String pid, long shutdown) {
        Map<String, LogFormat> formats = new HashMap<>();
        Set<String> mapNames = new java.util.HashSet<>();
        Set<String> upstreamNames = new java.util.HashSet<>();
        for (Directive d : http.block()) {
            if (d.name().equals("upstream")) upstreamNames.add(d.arg(0));
            if (d.name().equals("map")) {
                if (!d.arg(1).startsWith("$")) throw ConfigError.at(d, "invalid variable name \"" + d.arg(1) + "\"");
                mapNames.add(d.arg(1).substring(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        scope = new LoadScope(dir, Set.copyOf(mapNames), Set.copyOf(upstreamNames), formats);
        formats.put("combined", new LogFormat("combined", scope.template(http, LoadScope.COMBINED)));
        for (Directive d : http.block()) {
            if (d.name().equals("log_format")) {
                if (formats.containsKey(d.arg(0))) throw ConfigError.at(d, "duplicate \"log_format\" name \"" + d.arg(0) + "\"");
                formats.put(d.arg(0), new LogFormat(d.arg(0), scope.template(d, String.join("", d.args().subList(1, d.args().size())))));
            }
        }
        Model.Resolver resolver = null;
        for (Directive d : http.block()) if (d.name().equals("resolver")) resolver = UpstreamLoader.resolver(d);
        Map<String, MapBlock> maps = new LinkedHashMap<>();
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        SettingsBuilder settings = new SettingsBuilder(null, scope);
        settings.values().put("root", scope.resolvePath("html"));
        List<Directive> servers = new ArrayList<>();
        for (Directive d : http.block()) {
            switch (d.name()) {
                case "map" -> maps.put(d.arg(1).substring(1).toLowerCase(java.util.Locale.ROOT), MapLoader.load(d, scope));
                case "upstream" -> {
                    if (upstreams.containsKey(d.arg(0))) throw ConfigError.at(d, "duplicate upstream \"" + d.arg(0) + "\"");
                    upstreams.put(d.arg(0), UpstreamLoader.load(d, scope, resolver));
                }
                case "server" -> servers.add(d);
                case "log_format", "resolver" -> { }
                default -> { if (!settings.apply(d)) throw ConfigError.at(d, "unknown directive \"" + d.name() + "\""); }
            }
        }
        List<ServerConfig> loaded = new ArrayList<>();
        for (Directive s : servers) loaded.add(new ServerLoader(scope, warnings).load(s, settings.values()));
        return new ProxyConfig(file, workers, connections, pid, shutdown, List.copyOf(loaded), Map.copyOf(upstreams),
                Map.copyOf(maps), List.copyOf(warnings));
    }
}
