package dev.hotgates.proxy.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One timer on an event loop, re-armed per phase (header, body gap, keep-alive idle, send, read). */
final class Deadline {

    private final EventExecutor loop;
    private ScheduledFuture<?> pending;

    Deadline(EventExecutor loop) {
        this.loop = loop;
    }

    /** Replaces any pending timeout with this one. */
    void arm(long millis, Runnable onTimeout) {
        cancel();
        pending = loop.schedule(() -> {
            pending = null;
            onTimeout.run();
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Arms only when nothing is pending. */
    void armIfIdle(long millis, Runnable onTimeout) {
        if (pending == null) arm(millis, onTimeout);
    }

    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
