package dev.hotgates.proxy.upstream;

import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * nginx's smooth weighted round-robin (ngx_http_upstream_round_robin.c), computed once for the
 * whole cycle of {@code sum(weights)} picks; event loops share one atomic position in it, so the
 * order across all connections is exactly nginx's, with no lock.
 */
public final class Balancer {

    private final Upstream upstream;
    private final UpstreamServer[] schedule;
    private final AtomicLong position = new AtomicLong();

    public Balancer(Upstream upstream) {
        this.upstream = upstream;
        this.schedule = smoothSchedule(upstream.servers()).toArray(new UpstreamServer[0]);
    }

    public Upstream upstream() {
        return upstream;
    }

    public UpstreamServer next() {
        return schedule[(int) (position.getAndIncrement() % schedule.length)];
    }

    /** The picks of one full cycle: each step adds weights, picks the largest, subtracts the total. */
    public static List<UpstreamServer> smoothSchedule(List<UpstreamServer> servers) {
        int n = servers.size();
        int[] current = new int[n];
        int total = servers.stream().mapToInt(UpstreamServer::weight).sum();
        List<UpstreamServer> out = new ArrayList<>(total);
        for (int step = 0; step < total; step++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                current[i] += servers.get(i).weight();
                if (best < 0 || current[i] > current[best]) best = i;
            }
            current[best] -= total;
            out.add(servers.get(best));
        }
        return out;
    }
}
