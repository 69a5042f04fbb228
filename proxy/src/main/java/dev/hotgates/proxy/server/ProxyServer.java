package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.Listen;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.observe.Stats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up, reload and shutdown: the worker event loops serving, one listening socket per listen
 * address. With epoll, one more event loop accepts: a new connection is then registered with its
 * worker loop in a task of its own, never in the middle of that loop's batch of readiness events,
 * where it could receive the stale events of a just-closed connection that had the same descriptor
 * number. io_uring's completions name the operation they complete, so there the workers accept
 * themselves (no hand-over between threads per connection).
 *
 * <p>A reload builds the new configuration's runtime beside the old one and hands it to every
 * loop in a task; requests that started keep the runtime they started with, the next request on
 * any connection follows the new one. The old runtime is closed a while later.
 */
public final class ProxyServer implements AutoCloseable {

    private static final long OLD_RUNTIME_GRACE_MS = 120_000;

    private final Stats stats = new Stats();
    private final Transport transport = Transport.best();
    private final EventLoopGroup group;
    private final EventLoopGroup acceptor;
    private final Map<String, Channel> listeners = new LinkedHashMap<>();
    private ProxyRuntime runtime;

    public ProxyServer(ProxyConfig config) throws java.io.IOException {
        this.runtime = new ProxyRuntime(config, stats, transport);
        this.group = transport.group(config.workers());
        this.acceptor = transport.acceptsOnOwnLoop() ? transport.group(1) : group;
    }

    /** What {@code -t} checks beyond the file itself, as nginx does: certificates and keys load. */
    public static void check(ProxyConfig config) {
        new TlsTerminator(config);
    }

    /** Binds every listen address; throws with a one-line reason (port in use, permission). */
    public synchronized ProxyServer start() throws InterruptedException {
        publish(runtime);
        try {
            bindAll(runtime);
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
        log().info("listening on {} with {} {} event loop(s)", listeners.keySet(), runtime.config.workers(), transport.name());
        return this;
    }

    /**
     * Switches to {@code config}. Anything wrong (a certificate that does not load, a port that
     * cannot be bound) throws, and the old configuration keeps serving untouched. The number of
     * event loops is fixed at start-up.
     */
    public synchronized void reload(ProxyConfig config) throws Exception {
        ProxyRuntime next = new ProxyRuntime(config, stats, runtime.metrics, transport, runtime.logs());
        Map<String, InetSocketAddress> wanted = binds(config);
        List<String> added = new ArrayList<>();
        try {
            for (Map.Entry<String, InetSocketAddress> e : wanted.entrySet()) {
                if (!listeners.containsKey(e.getKey())) {
                    bind(next, e.getKey(), e.getValue());
                    added.add(e.getKey());
                }
            }
        } catch (RuntimeException e) {
            added.forEach(k -> listeners.remove(k).close());
            next.close(runtime.logs());
            throw e;
        }
        for (String key : new ArrayList<>(listeners.keySet())) {
            if (!wanted.containsKey(key)) listeners.remove(key).close();
        }
        ProxyRuntime old = runtime;
        runtime = next;
        publish(next);
        Map<String, dev.hotgates.proxy.observe.AccessLogWriter> kept = next.logs();
        group.next().schedule(() -> old.close(kept), OLD_RUNTIME_GRACE_MS, TimeUnit.MILLISECONDS);
        log().info("configuration reloaded: listening on {}", listeners.keySet());
    }

    /** SIGUSR1. */
    public synchronized void reopenLogs() {
        runtime.reopenLogs();
    }

    /**
     * Graceful stop: no new connections; idle connections close now, busy ones after their
     * current response; whatever is still open after {@code timeoutMs} is closed. Returns how
     * many connections had to be cut.
     */
    public int drain(long timeoutMs) throws InterruptedException {
        synchronized (this) {
            listeners.values().forEach(Channel::close);
            listeners.clear();
        }
        onEveryLoop(state -> {
            state.draining = true;
            List.copyOf(state.open).forEach(ClientHandler::drain);
        });
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < end && openConnections() > 0) Thread.sleep(50);
        int left = openConnections();
        if (left > 0) onEveryLoop(state -> List.copyOf(state.open).forEach(ClientHandler::abortResponse));
        return left;
    }

    private int openConnections() throws InterruptedException {
        int[] n = {0};
        onEveryLoop(state -> n[0] += state.open.size());
        return n[0];
    }

    private void publish(ProxyRuntime rt) throws InterruptedException {
        onEveryLoop(state -> state.runtime = rt);
    }

    private void onEveryLoop(java.util.function.Consumer<LoopState> task) throws InterruptedException {
        for (EventExecutor loop : group) loop.submit(() -> task.accept(LoopState.current())).sync();
    }

    private static Map<String, InetSocketAddress> binds(ProxyConfig config) {
        Map<String, InetSocketAddress> binds = new LinkedHashMap<>();
        for (ServerConfig s : config.servers()) {
            for (Listen l : s.listens()) {
                binds.putIfAbsent(l.key(), l.host() == null ? new InetSocketAddress(l.port()) : new InetSocketAddress(l.host(), l.port()));
            }
        }
        return binds;
    }

    private void bindAll(ProxyRuntime rt) {
        for (Map.Entry<String, InetSocketAddress> e : binds(rt.config).entrySet()) bind(rt, e.getKey(), e.getValue());
    }

    private void bind(ProxyRuntime rt, String key, InetSocketAddress address) {
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // TCP_NODELAY is on already: Netty's socket channels set it when they are made
                // (TransportTest checks), and setting it again is one more system call per connection.
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ProxyInitializer(rt));
        try {
            listeners.put(key, b.bind(address).sync().channel());
        } catch (Exception ex) {
            throw new IllegalStateException("bind() to " + key + " failed (" + ex.getMessage() + ")");
        }
    }

    /** Not a static field: {@link Preload#transport} must not wait for the logging library to start. */
    private static Logger log() {
        return LoggerFactory.getLogger(ProxyServer.class);
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(Channel::close);
        listeners.clear();
        // The small files each loop keeps open go with it (a stopped loop would not sweep them).
        for (EventExecutor loop : group) loop.submit(dev.hotgates.proxy.statics.OpenFiles::closeAll).awaitUninterruptibly(2, TimeUnit.SECONDS);
        // A quiet period, not none: the loops close their channels as they stop, and a read the
        // kernel still holds (a client's FIN came just before) completes, cancelled, only on a
        // later turn of the loop; stopping at once would leave its buffer unreleased.
        if (acceptor != group) acceptor.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        runtime.close();
    }
}
