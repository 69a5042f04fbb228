package dev.hotgates.proxy.observe;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters by status class and upstream, and an upstream response-time histogram, for
 * {@code hotgates_metrics} (Prometheus text format 0.0.4) and {@code hotgates_status} (JSON).
 * Written in plain text by hand: one map lookup and two adder increments per request, no
 * dependency, no lock on the request path.
 */
public final class Metrics {

    /** Upper bounds of the histogram buckets, in seconds (+Inf is implicit). */
    public static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** One upstream's (or "-", no upstream) counters. */
    public static final class Series {
        final LongAdder[] byClass = adders(6);
        final LongAdder[] buckets = adders(BUCKETS.length + 1);
        final LongAdder timed = new LongAdder();
        final LongAdder micros = new LongAdder();

        public long requests(int statusClass) {
            return byClass[statusClass].sum();
        }

        public long timedCount() {
            return timed.sum();
        }

        public double seconds() {
            return micros.sum() / 1e6;
        }
    }

    private final Map<String, Series> series = new ConcurrentHashMap<>();

    /** A finished request: its status, and its upstream with the upstream's response time (-1: none). */
    public void record(String upstream, int status, long upstreamNanos) {
        Series s = series.computeIfAbsent(upstream == null ? "-" : upstream, k -> new Series());
        s.byClass[Math.max(0, Math.min(5, status / 100))].increment();
        if (upstream != null && upstreamNanos >= 0) {
            double secs = upstreamNanos / 1e9;
            int i = 0;
            while (i < BUCKETS.length && secs > BUCKETS[i]) i++;
            s.buckets[i].increment();
            s.timed.increment();
            s.micros.add(upstreamNanos / 1000);
        }
    }

    /** A sorted copy of the series, for rendering. */
    public Map<String, Series> snapshot() {
        return new TreeMap<>(series);
    }

    /** Cumulative count for bucket {@code i} (Prometheus buckets are cumulative). */
    public static long cumulative(Series s, int i) {
        long n = 0;
        for (int j = 0; j <= i; j++) n += s.buckets[j].sum();
        return n;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) a[i] = new LongAdder();
        return a;
    }
}
