package dev.hotgates.proxy.server;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code proxy_read_timeout} and {@code proxy_send_timeout} of the exchange in progress on one
 * client connection. One exchange runs at a time, so the connection keeps one of these and each
 * exchange re-arms it; the timers are made on the first proxied request.
 */
final class OriginTimeouts {

    private final EventExecutor loop;
    private Deadline read;
    private Deadline send;
    private long lastRead;

    OriginTimeouts(EventExecutor loop) {
        this.loop = loop;
    }

    /** A byte came from the origin: proxy_read_timeout counts from the last one. */
    void touched() {
        lastRead = System.nanoTime();
    }

    /**
     * Starts proxy_read_timeout now. {@code onTimeout} runs once {@code timeoutMs} pass without a
     * byte from the origin, unless {@code waiting} says the exchange no longer waits for one.
     */
    void armRead(long timeoutMs, BooleanSupplier waiting, Runnable onTimeout) {
        touched();
        if (read == null) read = new Deadline(loop);
        read.arm(timeoutMs, () -> checkRead(timeoutMs, waiting, onTimeout));
    }

    private void checkRead(long timeoutMs, BooleanSupplier waiting, Runnable onTimeout) {
        if (!waiting.getAsBoolean()) return;
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRead);
        if (idle < timeoutMs) {
            read.arm(timeoutMs - idle, () -> checkRead(timeoutMs, waiting, onTimeout));
            return;
        }
        onTimeout.run();
    }

    /** proxy_send_timeout: armed while the origin takes no more of the request body. */
    void armSend(long timeoutMs, Runnable onTimeout) {
        if (send == null) send = new Deadline(loop);
        send.armIfIdle(timeoutMs, onTimeout);
    }

    void cancelRead() {
        if (read != null) read.cancel();
    }

    void cancelSend() {
        if (send != null) send.cancel();
    }

    /** The connection closed: drop the scheduled checks. */
    void close() {
        if (read != null) read.close();
        if (send != null) send.close();
    }
}
