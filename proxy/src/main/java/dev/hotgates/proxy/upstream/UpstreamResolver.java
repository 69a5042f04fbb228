package dev.hotgates.proxy.upstream;

import dev.hotgates.proxy.config.Model.ProxyPass;
import dev.hotgates.proxy.config.Model.Resolver;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
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

    /**
     * {@code passes}: every {@code proxy_pass} of the configuration, for {@link #looksUpNames}.
     * Built before the configuration's first connection.
     */
    public UpstreamResolver(Collection<Balancer> balancers, Collection<ProxyPass> passes) {
        if (looksUpNames(balancers.stream().map(Balancer::upstream).toList(), passes)) uncachedSystemLookups();
        for (Balancer b : balancers) {
            if (!b.upstream().resolves()) continue;
            Resolver r = b.upstream().resolver() == null ? Resolver.SYSTEM : b.upstream().resolver();
            Lookup lookup = r.addresses().isEmpty() ? host -> List.of(InetAddress.getAllByName(host)) : dnsLookup(r.addresses());
            refresh(b, lookup);
            timer.scheduleWithFixedDelay(() -> refresh(b, lookup), r.validMs(), r.validMs(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Whether connections for this configuration look names up through the system resolver: a
     * name in {@code proxy_pass} or on a plain {@code server} line (looked up at each connection),
     * a {@code proxy_pass} with variables, or {@code resolve} without {@code resolver}. Addresses
     * written as such, and names resolved through a {@code resolver}, are never looked up there.
     */
    private static boolean looksUpNames(Collection<Upstream> upstreams, Collection<ProxyPass> passes) {
        for (Upstream u : upstreams) {
            boolean system = u.resolver() == null || u.resolver().addresses().isEmpty();
            for (UpstreamServer s : u.servers()) if (isName(s.host()) && (system || !s.resolve())) return true;
        }
        for (ProxyPass p : passes) if (p.dynamic() != null || p.upstream() == null && isName(p.host())) return true;
        return false;
    }

    private static boolean isName(String host) {
        return host != null && !NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host);
    }

    /**
     * The JVM's own cache of lookups through the system resolver: an address for 1 s, "no such
     * name" not at all (java.security's default keeps it 10 s, so a service that registers its
     * name just after a failed lookup would go on failing). The JVM reads these once, at its
     * first lookup of a name, so they are set as the configuration is loaded, when
     * {@link #looksUpNames} (the first setting starts the JDK's security properties and its
     * System.Logger, a search of every jar on the class path: not for a server that needs none).
     * The JDK's system properties {@code sun.net.inetaddr.ttl} and {@code
     * sun.net.inetaddr.negative.ttl}, given on the command line, still choose other lifetimes.
     */
    private static void uncachedSystemLookups() {
        java.security.Security.setProperty("networkaddress.cache.ttl", System.getProperty("sun.net.inetaddr.ttl", "1"));
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", System.getProperty("sun.net.inetaddr.negative.ttl", "0"));
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
