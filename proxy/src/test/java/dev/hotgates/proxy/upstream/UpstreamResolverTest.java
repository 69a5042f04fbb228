package dev.hotgates.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hotgates.proxy.config.Model.Method;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** "server NAME resolve": addresses come and go; peers follow without a restart. */
class UpstreamResolverTest {

    static final AtomicReference<Object> ANSWER = new AtomicReference<>();

    static UpstreamResolver.Lookup fake() {
        return host -> {
            Object a = ANSWER.get();
            if (a instanceof Exception e) throw e;
            List<InetAddress> out = new ArrayList<>();
            for (String ip : (List<String>) a) out.add(InetAddress.getByName(ip));
            return out;
        };
    }

    static Balancer balancer() {
        UpstreamServer app = new UpstreamServer("app", 8080, 1, 1, 10_000, false, false, 0, true);
        return new Balancer(new Upstream("app", List.of(app), 32, 15_000, 1000, Method.ROUND_ROBIN, null, false, false, "f", 1));
    }

    static List<String> addresses(Balancer b) {
        return b.peers().stream().map(p -> p.server().address()).sorted().toList();
    }

    @Test
    void scalingUpAndDownChangesThePeersAndKeepsThoseThatStay() {
        Balancer b = balancer();
        ANSWER.set(List.of("10.0.0.2"));
        UpstreamResolver.refresh(b, fake());
        assertEquals(List.of("10.0.0.2:8080"), addresses(b));
        Peer first = b.peers().get(0);
        ANSWER.set(List.of("10.0.0.2", "10.0.0.3", "10.0.0.4"));
        UpstreamResolver.refresh(b, fake());
        assertEquals(List.of("10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.4:8080"), addresses(b));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) seen.add(b.pick(null, null, Set.of(), System.nanoTime()).server().host());
        assertEquals(Set.of("10.0.0.2", "10.0.0.3", "10.0.0.4"), seen, "round-robin reaches every replica");
        first.acquire();
        ANSWER.set(List.of("10.0.0.2", "10.0.0.4"));
        UpstreamResolver.refresh(b, fake());
        assertEquals(List.of("10.0.0.2:8080", "10.0.0.4:8080"), addresses(b));
        Peer kept = b.peers().stream().filter(p -> p.server().host().equals("10.0.0.2")).findFirst().orElseThrow();
        assertSame(first, kept, "a peer that stays keeps its state (here: one open request)");
        assertEquals(1, kept.active());
    }

    @Test
    void aNameWithNoAddressLeavesNoPeerAndAFailedLookupChangesNothing() {
        Balancer b = balancer();
        ANSWER.set(List.of("10.0.0.7"));
        UpstreamResolver.refresh(b, fake());
        ANSWER.set(new java.io.IOException("timeout"));
        UpstreamResolver.refresh(b, fake());
        assertEquals(List.of("10.0.0.7:8080"), addresses(b), "a DNS failure keeps the current peers");
        ANSWER.set(new UnknownHostException("app"));
        UpstreamResolver.refresh(b, fake());
        assertEquals(List.of(), addresses(b));
        assertNull(b.pick(null, null, Set.of(), System.nanoTime()));
    }

    @Test
    void namesLookedUpAgainThroughTheSystemResolverAreNotAnsweredFromTheJvmsCache() {
        // "localhost" comes from the hosts file: no network. No resolver address: the system's.
        UpstreamServer local = new UpstreamServer("localhost", 8080, 1, 1, 10_000, false, false, 0, true);
        Balancer b = new Balancer(new Upstream("app", List.of(local), 32, 15_000, 1000, Method.ROUND_ROBIN, null, false, false, "f", 1));
        UpstreamResolver resolver = new UpstreamResolver(List.of(b), List.of());
        try {
            assertEquals("1", Security.getProperty("networkaddress.cache.ttl"));
            assertEquals("0", Security.getProperty("networkaddress.cache.negative.ttl"), "java.security's default is 10 s");
            assertFalse(addresses(b).isEmpty(), "the first lookup found localhost");
        } finally {
            resolver.close();
        }
    }
}
