package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Settings;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A request body as the client sends it: each piece is checked (client_max_body_size,
 * client_body_min_rate, a broken encoding), handed to the exchange or dropped, and the next one is
 * read only when asked, with client_body_timeout between two reads. After an early answer the
 * rest is read and dropped, so that the connection can carry the next request.
 */
final class ClientBody {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientHandler.class);

    private final RequestCycle cycle;
    private final ClientHandler conn;
    private final BodyPace pace = new BodyPace();
    private boolean complete = true;

    ClientBody(RequestCycle cycle, ClientHandler conn) {
        this.cycle = cycle;
        this.conn = conn;
    }

    /** A request head came: its body is still to come. */
    void expect() {
        complete = false;
        pace.reset();
    }

    /** The request's last piece has come (or it had no body). */
    boolean complete() {
        return complete;
    }

    /** A piece of the body, for {@code exchange} (none: dropped); ownership passes here. */
    void take(HttpContent c, Settings settings, ProxyExchange exchange) {
        conn.timers().endPhase();
        int verdict = complete && !c.decoderResult().isFailure() ? BodyPace.OK : pace.take(c, settings);
        if (complete || verdict != BodyPace.OK) c.release();
        if (verdict == BodyPace.TOO_SLOW) {
            LOG.info("client {} sent its body below client_body_min_rate, closing", conn.ctx().channel().remoteAddress());
            cycle.bodyTimedOut();
            return;
        }
        if (verdict != BodyPace.OK) {
            cycle.abortExchange();
            cycle.fail(verdict);
            return;
        }
        if (complete) return;
        boolean last = c instanceof LastHttpContent;
        if (last) complete = true;
        if (exchange != null) {
            exchange.clientContent(c);
        } else {
            c.release();
            if (!last) read(settings);
        }
        if (last) cycle.next();
    }

    /** Reads the next piece of the body. */
    void read(Settings settings) {
        if (complete || cycle.closing()) return;
        // client_body_timeout: the gap between two reads of the body (nginx closes, logging 408).
        conn.timers().phase(settings == null ? 60_000 : settings.clientBodyTimeout(), cycle::bodyTimedOut);
        pace.asked();
        conn.readLater();
    }
}
