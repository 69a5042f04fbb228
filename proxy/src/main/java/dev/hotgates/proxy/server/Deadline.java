package dev.hotgates.proxy.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer on an event loop, re-armed per phase (header, body gap, keep-alive idle, send, read).
 * Arming and cancelling only move a deadline: the loop holds at most one scheduled check per
 * timer, which re-schedules itself when the deadline moved later, so a keep-alive request costs
 * no scheduler work (no task created and no priority-queue insert and removal per request).
 */
final class Deadline implements Runnable {

    private final EventExecutor loop;
    private ScheduledFuture<?> check;
    private long checkAt;
    private long due;
    private Runnable onTimeout;

    Deadline(EventExecutor loop) {
        this.loop = loop;
    }

    /** Replaces any pending timeout with this one. */
    void arm(long millis, Runnable onTimeout) {
        this.onTimeout = onTimeout;
        due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (check == null || checkAt - due > 0) schedule();
    }

    /** Arms only when nothing is pending. */
    void armIfIdle(long millis, Runnable onTimeout) {
        if (this.onTimeout == null) arm(millis, onTimeout);
    }

    void cancel() {
        onTimeout = null;
    }

    /** Cancels and removes the scheduled check too: the connection is gone. */
    void close() {
        onTimeout = null;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void schedule() {
        if (check != null) check.cancel(false);
        checkAt = due;
        check = loop.schedule(this, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        check = null;
        Runnable task = onTimeout;
        if (task == null) return;
        if (due - System.nanoTime() > 0) {
            schedule();
            return;
        }
        onTimeout = null;
        task.run();
    }
}
