package dev.hotgates.proxy.upstream;

import dev.hotgates.proxy.config.Model.Resolver;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up again, every {@code valid} interval, the names of upstream servers marked
 * {@code resolve}, off the event loops: every address becomes a peer, vanished ones stop being
 * picked, new ones join (as nginx ≥ 1.27.3's {@code resolve}). With {@code resolver ADDRESS} the
 * lookups go to that DNS server; without, to the system's resolver (in compose: 127.0.0.11).
 */
public final class UpstreamResolver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamResolver.class);

    /** Resolves a name to all its addresses; UnknownHostException means it has none now. */
    @FunctionalInterface
    public interface Lookup {
        List<InetAddress> all(String host) throws Exception;
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upstream-resolver");
        t.setDaemon(true);
        return t;
    });
    private final Map<List<String>, DnsNameResolver> dns = new ConcurrentHashMap<>();
    private EventLoopGroup dnsLoop;

    public UpstreamResolver(Collection<Balancer> balancers) {
        for (Balancer b : balancers) {
            if (!b.upstream().resolves()) continue;
            Resolver r = b.upstream().resolver() == null ? Resolver.SYSTEM : b.upstream().resolver();
            if (r.addresses().isEmpty()) uncachedSystemLookups();
            Lookup lookup = r.addresses().isEmpty() ? host -> List.of(InetAddress.getAllByName(host)) : dnsLookup(r.addresses());
            refresh(b, lookup);
            timer.scheduleWithFixedDelay(() -> refresh(b, lookup), r.validMs(), r.validMs(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Names looked up again on a schedule through the system resolver: the JVM must not answer
     * from its own cache meanwhile (it keeps "no such name" for 10 s by default, and an address
     * for what java.security says, 1 s as Main asks otherwise). Set before the first such
     * lookup: the JVM reads it once, at its first lookup of a name, so a reload that brings the
     * first such upstream after other names were looked up keeps those defaults.
     */
    private static void uncachedSystemLookups() {
        java.security.Security.setProperty("networkaddress.cache.ttl", "1");
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "0");
    }

    /** Expands each {@code resolve} server to one peer per address and updates the balancer if it changed. */
    public static void refresh(Balancer b, Lookup lookup) {
        List<UpstreamServer> out = new ArrayList<>();
        for (UpstreamServer s : b.upstream().servers()) {
            if (!s.resolve()) {
                out.add(s);
                continue;
            }
            try {
                for (InetAddress a : lookup.all(s.host())) out.add(s.at(a.getHostAddress()));
            } catch (UnknownHostException e) {
                // the name has no address now (a service scaled to zero): its peers drain
            } catch (Exception e) {
                LOG.warn("upstream {}: could not resolve {} ({}); keeping the current peers", b.upstream().name(), s.host(), e.toString());
                return;
            }
        }
        List<String> now = out.stream().map(UpstreamServer::address).sorted().toList();
        List<String> before = b.peers().stream().map(p -> p.server().address()).sorted().toList();
        if (now.equals(before)) return;
        b.update(out);
        LOG.info("upstream {}: peers {}", b.upstream().name(), now);
    }

    private Lookup dnsLookup(List<String> servers) {
        DnsNameResolver resolver = dns.computeIfAbsent(servers, list -> {
            if (dnsLoop == null) dnsLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            List<InetSocketAddress> addrs = list.stream().map(UpstreamResolver::dnsServer).toList();
            return new DnsNameResolverBuilder(dnsLoop.next())
                    .datagramChannelType(NioDatagramChannel.class)
                    .nameServerProvider(new SequentialDnsServerAddressStreamProvider(addrs))
                    .resolveCache(NoopDnsCache.INSTANCE)
                    .queryTimeoutMillis(2000)
                    .build();
        });
        return host -> resolver.resolveAll(host).get(5, TimeUnit.SECONDS);
    }

    private static InetSocketAddress dnsServer(String a) {
        int colon = a.lastIndexOf(':');
        if (colon > 0 && a.indexOf(':') == colon) return new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)));
        return new InetSocketAddress(a.startsWith("[") ? a.substring(1, a.length() - 1) : a, 53);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        dns.values().forEach(DnsNameResolver::close);
        if (dnsLoop != null) dnsLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
