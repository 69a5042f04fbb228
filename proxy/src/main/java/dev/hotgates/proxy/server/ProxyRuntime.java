package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.AccessLog;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.config.Settings;
import dev.hotgates.proxy.observe.AccessLogWriter;
import dev.hotgates.proxy.observe.Stats;
import dev.hotgates.proxy.upstream.Balancer;
import dev.hotgates.proxy.upstream.UpstreamResolver;
import dev.hotgates.proxy.upstream.OriginHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded configuration with what it needs at run time: balancers, access-log writers and the
 * counters. Built once at start-up, read-only afterwards.
 */
public final class ProxyRuntime implements AutoCloseable {

    final ProxyConfig config;
    final Stats stats;
    final TlsTerminator tls;
    final dev.hotgates.proxy.observe.Metrics metrics;
    /** large_client_header_buffers 4 8k: a request line over 8k is a 414, all headers over 32k a 400. */
    final HttpDecoderConfig decoderConfig;
    private final Map<String, Balancer> balancers = new HashMap<>();
    private final UpstreamResolver resolver;
    private final Map<String, AccessLogWriter> logs = new HashMap<>();

    private final Transport transport;
    private final Bootstrap origins;

    ProxyRuntime(ProxyConfig config, Stats stats, Transport transport) throws IOException {
        this(config, stats, transport, Map.of());
    }

    /** {@code openLogs}: writers of the previous configuration, kept for the paths both use. */
    ProxyRuntime(ProxyConfig config, Stats stats, Transport transport, Map<String, AccessLogWriter> openLogs) throws IOException {
        this(config, stats, new dev.hotgates.proxy.observe.Metrics(), transport, openLogs);
    }

    /** {@code stats} and {@code metrics} outlive a reload: counters keep counting. */
    ProxyRuntime(ProxyConfig config, Stats stats, dev.hotgates.proxy.observe.Metrics metrics, Transport transport,
                 Map<String, AccessLogWriter> openLogs) throws IOException {
        this.config = config;
        this.stats = stats;
        this.metrics = metrics;
        this.tls = new TlsTerminator(config);
        this.decoderConfig = ProxyInitializer.decoderConfig(largeHeaderBuffer());
        this.transport = transport;
        this.origins = new Bootstrap()
                .channel(transport.channel())   // with TCP_NODELAY on, Netty's default
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("codec", new HttpClientCodec(ORIGIN_DECODER, false, false));
                        ch.pipeline().addLast("origin", new OriginHandler());
                    }
                });
        List<Settings> all = new ArrayList<>();
        for (ServerConfig s : config.servers()) {
            all.add(s.settings());
            collect(s.locations(), all);
            collect(List.copyOf(s.named().values()), all);
        }
        for (Upstream u : config.upstreams().values()) balancers.put(u.name(), new Balancer(u));
        this.resolver = new UpstreamResolver(balancers.values(), all.stream().map(Settings::proxyPass).filter(Objects::nonNull).toList());
        for (Settings s : all) {
            for (AccessLog l : s.accessLogs()) {
                if (logs.containsKey(l.path())) continue;
                AccessLogWriter open = openLogs.get(l.path());
                logs.put(l.path(), open != null ? open : new AccessLogWriter(l.path()));
            }
        }
    }

    private static void collect(List<dev.hotgates.proxy.config.Location> locs, List<Settings> out) {
        for (var l : locs) {
            out.add(l.settings());
            collect(l.children(), out);
        }
    }

    private static final HttpDecoderConfig ORIGIN_DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(8192).setMaxHeaderSize(32 * 1024).setMaxChunkSize(64 * 1024);

    /** A bootstrap for an origin connection on {@code loop}: the client's own event loop. */
    Bootstrap bootstrap(EventLoop loop, long connectTimeoutMs) {
        return origins.clone(loop).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMs));
    }

    /** Client connections the whole process accepts at once: worker_connections per event loop. */
    int maxConnections() {
        return config.workerConnections() * config.workers();
    }

    /** The largest large_client_header_buffers size of any server: the decoder's limit. */
    int largeHeaderBuffer() {
        return config.servers().stream().mapToInt(s -> s.settings().largeHeaderBuffer()).max().orElse(8192);
    }

    public ProxyConfig config() {
        return config;
    }

    Map<String, Balancer> balancers() {
        return balancers;
    }

    Balancer balancer(String name) {
        return balancers.get(name);
    }

    AccessLogWriter log(String path) {
        return logs.get(path);
    }

    /** Settings that apply before a request picks a server: the default server for the port. */
    ServerConfig defaultServer(int port) {
        return dev.hotgates.proxy.routing.ServerSelector.select(config.servers(), port, null, null);
    }

    @Override
    public void close() {
        close(Map.of());
    }

    /** Closes what the next configuration did not take over. */
    void close(Map<String, AccessLogWriter> takenOver) {
        resolver.close();
        logs.values().stream().filter(w -> !takenOver.containsValue(w)).forEach(AccessLogWriter::close);
    }

    Map<String, AccessLogWriter> logs() {
        return Map.copyOf(logs);
    }

    /** SIGUSR1: every access log is closed and opened again (after logrotate moved it). */
    void reopenLogs() {
        logs.values().forEach(AccessLogWriter::reopen);
    }
}
