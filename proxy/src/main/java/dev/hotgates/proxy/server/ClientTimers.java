package dev.hotgates.proxy.server;

import io.netty.util.concurrent.EventExecutor;

/**
 * A client connection's timers: one for the phase it is in (client_header_timeout,
 * client_body_timeout between two body reads, keepalive_timeout while idle), send_timeout while
 * the client takes none of our bytes, and the origin's timeouts while a request is proxied. The
 * last two are made when first needed.
 */
final class ClientTimers {

    private final EventExecutor loop;
    private final Deadline phase;
    private Deadline send;
    private OriginTimeouts origin;

    ClientTimers(EventExecutor loop) {
        this.loop = loop;
        this.phase = new Deadline(loop);
    }

    /** Starts the phase's timeout, replacing the previous phase's. */
    void phase(long millis, Runnable onTimeout) {
        phase.arm(millis, onTimeout);
    }

    void endPhase() {
        phase.cancel();
    }

    /** The client stopped taking bytes: send_timeout starts, unless it already runs. */
    void sendBlocked(long millis, Runnable onTimeout) {
        if (send == null) send = new Deadline(loop);
        send.armIfIdle(millis, onTimeout);
    }

    void sendResumed() {
        if (send != null) send.cancel();
    }

    OriginTimeouts origin() {
        if (origin == null) origin = new OriginTimeouts(loop);
        return origin;
    }

    /** The connection closed: drop the scheduled checks. */
    void close() {
        phase.close();
        if (send != null) send.close();
        if (origin != null) origin.close();
    }
}
