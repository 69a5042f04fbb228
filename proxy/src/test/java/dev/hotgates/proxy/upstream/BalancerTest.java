package dev.hotgates.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BalancerTest {

    @Test
    void smoothWeightedRoundRobinMatchesNginxOrder() {
        // nginx's documented example: weights 5,1,1 give a a b a c a a, not a a a a a b c.
        List<UpstreamServer> servers = List.of(new UpstreamServer("a", 1, 5), new UpstreamServer("b", 1, 1), new UpstreamServer("c", 1, 1));
        String order = Balancer.smoothSchedule(servers).stream().map(UpstreamServer::host).collect(Collectors.joining());
        assertEquals("aabacaa", order);
    }

    @Test
    void equalWeightsRotateAcrossCalls() {
        Balancer b = new Balancer(new Upstream("u", List.of(new UpstreamServer("a", 1, 1), new UpstreamServer("b", 1, 1),
                new UpstreamServer("c", 1, 1)), 32, 15_000, 1000, "f", 1));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 7; i++) sb.append(b.next().host());
        assertEquals("abcabca", sb.toString());
    }
}
