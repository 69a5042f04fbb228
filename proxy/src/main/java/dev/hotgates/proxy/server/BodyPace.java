package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.BodyRate;

/**
 * {@code client_body_min_rate}: counts only the time the proxy spent waiting for body bytes (not
 * the time it held reads back because the origin was slow), and says when the average rate over
 * that time has fallen below the minimum after the grace period. nginx's {@code client_body_timeout}
 * bounds only the gap between two reads, so a client sending one byte every few seconds would
 * otherwise hold the connection for as long as it likes.
 */
final class BodyPace {

    private long askedAt;
    private long waitedNanos;

    void reset() {
        askedAt = 0;
        waitedNanos = 0;
    }

    /** The proxy asked the client for more body. */
    void asked() {
        if (askedAt == 0) askedAt = System.nanoTime();
    }

    /** Body bytes arrived; {@code total} is the body size so far. True when the client is too slow. */
    boolean tooSlow(long total, BodyRate rate) {
        if (askedAt != 0) {
            waitedNanos += System.nanoTime() - askedAt;
            askedAt = 0;
        }
        if (rate == null || rate.bytesPerSecond() <= 0) return false;
        long waitedMillis = waitedNanos / 1_000_000;
        return waitedMillis > rate.graceMillis() && total * 1000 < rate.bytesPerSecond() * waitedMillis;
    }
}
