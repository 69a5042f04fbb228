package dev.hotgates.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotgates.proxy.config.Model.Method;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import dev.hotgates.proxy.config.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BalancerTest {

    static UpstreamServer server(String host, int weight) {
        return new UpstreamServer(host, 80, weight);
    }

    static Balancer balancer(Method method, boolean consistent, UpstreamServer... servers) {
        return new Balancer(new Upstream("u", List.of(servers), 32, 15_000, 1000, method,
                method == Method.HASH ? Template.lenient("$request_uri") : null, consistent, false, "f", 1));
    }

    static String pick(Balancer b) {
        Peer p = b.pick(new byte[] {10, 0, 0, 1}, "k", Set.of(), System.nanoTime());
        return p == null ? null : p.server().host();
    }

    @Test
    void smoothWeightedRoundRobinMatchesNginxOrder() {
        // nginx's documented example: weights 5,1,1 give a a b a c a a, not a a a a a b c.
        String order = Balancer.smoothSchedule(List.of(server("a", 5), server("b", 1), server("c", 1))).stream()
                .map(UpstreamServer::host).collect(Collectors.joining());
        assertEquals("aabacaa", order);
    }

    @Test
    void equalWeightsRotateAcrossCalls() {
        Balancer b = balancer(Method.ROUND_ROBIN, false, server("a", 1), server("b", 1), server("c", 1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 7; i++) sb.append(pick(b));
        assertEquals("abcabca", sb.toString());
    }

    @Test
    void weightsAreHonouredWithinFivePercentOverTenThousandPicks() {
        Balancer b = balancer(Method.ROUND_ROBIN, false, server("a", 5), server("b", 3), server("c", 2));
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < 10_000; i++) n.merge(pick(b), 1, Integer::sum);
        assertEquals(5000, n.get("a"), 250);
        assertEquals(3000, n.get("b"), 150);
        assertEquals(2000, n.get("c"), 100);
    }

    @Test
    void randomWeightsAreHonouredWithinFivePercent() {
        Balancer b = balancer(Method.RANDOM, false, server("a", 3), server("b", 1));
        int a = 0;
        for (int i = 0; i < 10_000; i++) if (pick(b).equals("a")) a++;
        assertEquals(7500, a, 375);
    }

    @Test
    void aFailingPeerRestsForFailTimeoutAndAllDownMeansNone() {
        UpstreamServer a = new UpstreamServer("a", 80, 1, 2, 10_000, false, false, 0);
        UpstreamServer b = new UpstreamServer("b", 80, 1, 1, 10_000, false, false, 0);
        Balancer bal = balancer(Method.ROUND_ROBIN, false, a, b);
        Peer pa = bal.peers().get(0);
        Peer pb = bal.peers().get(1);
        long now = System.nanoTime();
        pa.failed(now);
        assertTrue(pa.available(now), "max_fails=2: one failure is not enough");
        pa.failed(now);
        assertTrue(!pa.available(now) && pa.available(now + 10_000_000_001L), "rests for fail_timeout, then returns");
        pb.failed(now);
        assertNull(bal.pick(null, null, Set.of(), now), "no live upstreams");
    }

    @Test
    void theOnlyServerIsNeverRested() {
        Balancer bal = balancer(Method.ROUND_ROBIN, false, server("only", 1));
        Peer p = bal.peers().get(0);
        for (int i = 0; i < 5; i++) p.failed(System.nanoTime());
        assertEquals("only", pick(bal));
    }

    @Test
    void backupServesOnlyWhenNoPrimaryCanAndDownNever() {
        UpstreamServer backup = new UpstreamServer("backup", 80, 1, 1, 10_000, true, false, 0);
        UpstreamServer down = new UpstreamServer("down", 80, 1, 1, 10_000, false, true, 0);
        Balancer bal = balancer(Method.ROUND_ROBIN, false, server("a", 1), down, backup);
        for (int i = 0; i < 5; i++) assertEquals("a", pick(bal));
        Peer a = bal.peers().get(0);
        assertEquals("backup", bal.pick(null, null, Set.of(a), System.nanoTime()).server().host());
    }

    @Test
    void maxConnsIsABound() {
        UpstreamServer a = new UpstreamServer("a", 80, 1, 1, 10_000, false, false, 1);
        Balancer bal = balancer(Method.ROUND_ROBIN, false, a, server("b", 1));
        bal.peers().get(0).acquire();
        for (int i = 0; i < 4; i++) assertEquals("b", pick(bal));
    }

    @Test
    void leastConnPrefersTheLeastBusy() {
        Balancer bal = balancer(Method.LEAST_CONN, false, server("a", 1), server("b", 1), server("c", 1));
        bal.peers().get(0).acquire();
        bal.peers().get(0).acquire();
        bal.peers().get(2).acquire();
        assertEquals("b", pick(bal));
    }

    @Test
    void ipHashIsStablePerClientNetworkAndSpreads() {
        Balancer bal = balancer(Method.IP_HASH, false, server("a", 1), server("b", 1), server("c", 1));
        Set<String> chosen = new java.util.HashSet<>();
        for (int net = 0; net < 50; net++) {
            byte[] one = {10, 0, (byte) net, 1};
            byte[] sameNet = {10, 0, (byte) net, (byte) 200};
            String p = bal.pick(one, null, Set.of(), System.nanoTime()).server().host();
            for (int i = 0; i < 5; i++) assertEquals(p, bal.pick(one, null, Set.of(), System.nanoTime()).server().host());
            assertEquals(p, bal.pick(sameNet, null, Set.of(), System.nanoTime()).server().host(), "the same /24 goes to the same server");
            chosen.add(p);
        }
        assertEquals(3, chosen.size());
    }

    @Test
    void consistentHashMovesAboutOneNthOfKeysWhenAServerJoins() {
        Balancer three = balancer(Method.HASH, true, server("a", 1), server("b", 1), server("c", 1));
        Balancer four = balancer(Method.HASH, true, server("a", 1), server("b", 1), server("c", 1), server("d", 1));
        int moved = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            String key = "/item/" + i;
            String before = three.pick(null, key, Set.of(), System.nanoTime()).server().host();
            String after = four.pick(null, key, Set.of(), System.nanoTime()).server().host();
            if (!before.equals(after)) {
                moved++;
                assertEquals("d", after, "a key only moves to the new server");
            }
        }
        assertTrue(moved > n / 4 * 0.7 && moved < n / 4 * 1.3, "moved " + moved + " of " + n + " (about 1/4 expected)");
    }

    @Test
    void plainHashIsStableAndTriesAnotherWhenItsServerIsTried() {
        Balancer bal = balancer(Method.HASH, false, server("a", 1), server("b", 1));
        Peer first = bal.pick(null, "/x", Set.of(), System.nanoTime());
        for (int i = 0; i < 5; i++) assertEquals(first, bal.pick(null, "/x", Set.of(), System.nanoTime()));
        Peer second = bal.pick(null, "/x", Set.of(first), System.nanoTime());
        assertNotEquals(first, second);
        List<Peer> all = new ArrayList<>(bal.peers());
        assertNull(bal.pick(null, "/x", Set.copyOf(all), System.nanoTime()));
    }
}
