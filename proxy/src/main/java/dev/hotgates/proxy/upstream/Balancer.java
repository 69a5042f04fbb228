package dev.hotgates.proxy.upstream;

import dev.hotgates.proxy.config.Model.Method;
import dev.hotgates.proxy.config.Model.Upstream;
import dev.hotgates.proxy.config.Model.UpstreamServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * Picks the server of an upstream block for each attempt, as nginx's balancers do: smooth
 * weighted round-robin (computed once as a cycle that event loops walk with one atomic
 * position), least_conn, ip_hash, hash [consistent] and random [two]. Unavailable servers and
 * servers already tried for this request are skipped; backups serve only when no primary can.
 */
public final class Balancer {

    private static final int POINTS_PER_WEIGHT = 160;

    /** The peers of one moment: replaced whole when resolved addresses change. */
    private record State(List<Peer> primary, List<Peer> backup, Peer[] schedule, Peer[] backupSchedule, TreeMap<Long, Peer> ring) { }

    private final Upstream upstream;
    private final AtomicLong position = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>();

    public Balancer(Upstream upstream) {
        this.upstream = upstream;
        update(upstream.servers());
    }

    /**
     * Sets the servers (names with {@code resolve} already expanded to one per address). Peers
     * that stay keep their health and counters; vanished ones simply stop being picked, and their
     * open requests finish; new ones join at once.
     */
    public void update(List<UpstreamServer> servers) {
        State old = state.get();
        java.util.Map<String, Peer> keep = new java.util.HashMap<>();
        if (old != null) {
            for (Peer p : old.primary()) keep.put(p.server().address() + (p.server().backup() ? "+b" : ""), p);
            for (Peer p : old.backup()) keep.put(p.server().address() + "+b", p);
        }
        long primaries = servers.stream().filter(x -> !x.backup()).count();
        List<Peer> primary = new ArrayList<>();
        List<Peer> backup = new ArrayList<>();
        for (UpstreamServer x : servers) {
            Peer p = keep.get(x.address() + (x.backup() ? "+b" : ""));
            if (p == null || !p.server().equals(x)) p = new Peer(x, false);
            p.alone(!x.backup() && primaries == 1);
            (x.backup() ? backup : primary).add(p);
        }
        TreeMap<Long, Peer> ring = new TreeMap<>();
        if (upstream.consistent()) {
            for (Peer p : primary) {
                for (int i = 0; i < POINTS_PER_WEIGHT * p.server().weight(); i++) ring.put(crc32(p.server().address() + "#" + i), p);
            }
        }
        state.set(new State(List.copyOf(primary), List.copyOf(backup), smooth(primary), smooth(backup), ring));
    }

    public Upstream upstream() {
        return upstream;
    }

    public List<Peer> peers() {
        State st = state.get();
        List<Peer> all = new ArrayList<>(st.primary());
        all.addAll(st.backup());
        return all;
    }

    /**
     * The peer for the next attempt, or null when none is available ("no live upstreams").
     * {@code client} is the client address (ip_hash), {@code key} the rendered hash key.
     */
    public Peer pick(byte[] client, String key, Set<Peer> tried, long now) {
        State st = state.get();
        Peer p = switch (upstream.method()) {
            case ROUND_ROBIN -> roundRobin(st.schedule(), tried, now);
            case LEAST_CONN -> leastConn(st.schedule(), tried, now);
            case IP_HASH -> hashed(st, ipHash(client), tried, now);
            case HASH -> upstream.consistent() ? consistent(st.ring(), crc32(key == null ? "" : key), tried, now)
                    : hashed(st, crc32(key == null ? "" : key), tried, now);
            case RANDOM -> random(st.primary(), tried, now);
        };
        return p != null ? p : roundRobin(st.backupSchedule(), tried, now);
    }

    private Peer roundRobin(Peer[] cycle, Set<Peer> tried, long now) {
        if (cycle.length == 0) return null;
        long start = position.getAndIncrement();
        for (int i = 0; i < cycle.length; i++) {
            Peer p = cycle[(int) ((start + i) % cycle.length)];
            if (usable(p, tried, now)) return p;
        }
        return null;
    }

    private Peer leastConn(Peer[] schedule, Set<Peer> tried, long now) {
        Peer best = null;
        long start = position.getAndIncrement();
        for (int i = 0; i < schedule.length; i++) {
            Peer p = schedule[(int) ((start + i) % schedule.length)];
            if (!usable(p, tried, now)) continue;
            // fewest active requests per unit of weight; ties go to round-robin order
            if (best == null || (long) p.active() * best.server().weight() < (long) best.active() * p.server().weight()) best = p;
        }
        return best;
    }

    /** ip_hash and plain hash: a weighted slot from the hash, rehashed when that peer cannot serve. */
    private Peer hashed(State st, long hash, Set<Peer> tried, long now) {
        List<Peer> primary = st.primary();
        int total = primary.stream().mapToInt(p -> p.server().weight()).sum();
        if (total == 0) return null;
        for (int attempt = 0; attempt < 20; attempt++) {
            long w = Math.floorMod(hash, total);
            for (Peer p : primary) {
                w -= p.server().weight();
                if (w < 0) {
                    if (usable(p, tried, now)) return p;
                    break;
                }
            }
            hash = crc32(hash + ":" + attempt);
        }
        return roundRobin(st.schedule(), tried, now);
    }

    private Peer consistent(TreeMap<Long, Peer> ring, long hash, Set<Peer> tried, long now) {
        if (ring.isEmpty()) return null;
        var tail = ring.tailMap(hash, true).values().iterator();
        var head = ring.values().iterator();
        for (int i = 0; i < ring.size(); i++) {
            Peer p = tail.hasNext() ? tail.next() : head.next();
            if (usable(p, tried, now)) return p;
        }
        return null;
    }

    private Peer random(List<Peer> primary, Set<Peer> tried, long now) {
        Peer a = weightedRandom(primary, tried, now);
        if (!upstream.two() || a == null) return a;
        Peer b = weightedRandom(primary, tried, now);
        return b != null && b.active() * a.server().weight() < a.active() * b.server().weight() ? b : a;
    }

    private Peer weightedRandom(List<Peer> primary, Set<Peer> tried, long now) {
        int total = 0;
        for (Peer p : primary) if (usable(p, tried, now)) total += p.server().weight();
        if (total == 0) return null;
        int w = ThreadLocalRandom.current().nextInt(total);
        for (Peer p : primary) {
            if (!usable(p, tried, now)) continue;
            w -= p.server().weight();
            if (w < 0) return p;
        }
        return null;
    }

    private static boolean usable(Peer p, Set<Peer> tried, long now) {
        return !tried.contains(p) && p.available(now);
    }

    /** nginx's ip_hash: the first three octets of an IPv4 address, or the whole IPv6 address. */
    static long ipHash(byte[] addr) {
        long hash = 89;
        int n = addr == null ? 0 : addr.length == 4 ? 3 : addr.length;
        for (int i = 0; i < n; i++) hash = (hash * 113 + (addr[i] & 0xff)) % 6271;
        return hash;
    }

    static long crc32(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    private static Peer[] smooth(List<Peer> peers) {
        List<UpstreamServer> servers = peers.stream().map(Peer::server).filter(s -> !s.down()).toList();
        List<UpstreamServer> cycle = smoothSchedule(servers);
        Peer[] out = new Peer[cycle.size()];
        for (int i = 0; i < out.length; i++) {
            UpstreamServer s = cycle.get(i);
            out[i] = peers.stream().filter(p -> p.server() == s).findFirst().orElseThrow();
        }
        return out;
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

    /** For tests and explain: the method as nginx writes it. */
    public String methodName() {
        Method m = upstream.method();
        return switch (m) {
            case ROUND_ROBIN -> "round-robin";
            case LEAST_CONN -> "least_conn";
            case IP_HASH -> "ip_hash";
            case HASH -> "hash " + upstream.hashKey().source() + (upstream.consistent() ? " consistent" : "");
            case RANDOM -> upstream.two() ? "random two" : "random";
        };
    }
}
