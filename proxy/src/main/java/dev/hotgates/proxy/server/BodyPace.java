package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.BodyRate;
import dev.hotgates.proxy.config.Settings;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * {@code client_body_min_rate}: counts only the time the proxy spent waiting for body bytes (not
 * the time it held reads back because the origin was slow), and says when the average rate over
 * that time has fallen below the minimum after the grace period. nginx's {@code client_body_timeout}
 * bounds only the gap between two reads, so a client sending one byte every few seconds would
 * otherwise hold the connection for as long as it likes.
 */
final class BodyPace {

    /** What {@link #take} found wrong with a piece of the body (nginx's codes; 408 for too slow). */
    static final int OK = 0;
    static final int BAD = 400;
    static final int TOO_LARGE = 413;
    static final int TOO_SLOW = 408;

    private long askedAt;
    private long waitedNanos;
    private long bytes;

    void reset() {
        askedAt = 0;
        waitedNanos = 0;
        bytes = 0;
    }

    /** A piece of the body arrived: counts it and checks it against the location's limits. */
    int take(HttpContent c, Settings s) {
        if (c.decoderResult().isFailure()) return BAD;
        bytes += c.content().readableBytes();
        if (s == null) return OK;
        if (s.clientMaxBodySize() > 0 && bytes > s.clientMaxBodySize()) return TOO_LARGE;
        boolean last = c instanceof LastHttpContent;
        return !last && tooSlow(bytes, s.clientBodyMinRate()) ? TOO_SLOW : OK;
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
