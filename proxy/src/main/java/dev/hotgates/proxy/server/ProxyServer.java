package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.Listen;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.observe.Stats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and shutdown only: one event loop accepting, the worker event loops serving, one
 * listening socket per listen address. Accepting on a loop of its own means a new connection is
 * registered with its worker loop in a task of its own, never in the middle of that loop's batch
 * of readiness events, where (with epoll) it could receive the stale events of a just-closed
 * connection that had the same descriptor number.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

    private final ProxyRuntime runtime;
    private final Transport transport = Transport.best();
    private final EventLoopGroup group;
    private final EventLoopGroup acceptor;
    private final List<Channel> listeners = new ArrayList<>();

    public ProxyServer(ProxyConfig config) throws java.io.IOException {
        this.runtime = new ProxyRuntime(config, new Stats(), transport);
        this.group = transport.group(config.workers());
        this.acceptor = transport.group(1);
    }

    /** Binds every listen address; throws with a one-line reason (port in use, permission). */
    public ProxyServer start() throws InterruptedException {
        Map<String, InetSocketAddress> binds = new LinkedHashMap<>();
        for (ServerConfig s : runtime.config.servers()) {
            for (Listen l : s.listens()) {
                binds.putIfAbsent(l.key(), l.host() == null ? new InetSocketAddress(l.port()) : new InetSocketAddress(l.host(), l.port()));
            }
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ProxyInitializer(runtime));
        for (Map.Entry<String, InetSocketAddress> e : binds.entrySet()) {
            try {
                listeners.add(b.bind(e.getValue()).sync().channel());
            } catch (Exception ex) {
                close();
                throw new IllegalStateException("bind() to " + e.getKey() + " failed (" + ex.getMessage() + ")");
            }
        }
        LOG.info("listening on {} with {} {} event loop(s)", binds.keySet(), runtime.config.workers(), transport.name());
        return this;
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        acceptor.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        runtime.close();
    }
}
