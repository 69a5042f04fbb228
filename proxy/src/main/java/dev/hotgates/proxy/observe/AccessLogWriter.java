package dev.hotgates.proxy.observe;

import io.netty.util.internal.PlatformDependent;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends access-log lines to one file from a thread of its own, so a slow disk never stalls an
 * event loop: event loops hand lines over through a lock-free queue; a full queue drops the line
 * and counts it rather than blocking traffic.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int MAX_QUEUED = 65_536;

    private final String path;
    private final Queue<String> queue = PlatformDependent.newMpscQueue(MAX_QUEUED);
    private final Thread thread;
    private OutputStream out;
    private volatile boolean running = true;
    private volatile boolean reopen;
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();

    public AccessLogWriter(String path) throws IOException {
        this.path = path;
        this.out = new BufferedOutputStream(new FileOutputStream(path, true), 64 * 1024);
        this.thread = new Thread(this::run, "access-log " + path);
        thread.setDaemon(true);
        thread.start();
    }

    public String path() {
        return path;
    }

    /** Called from event loops; never blocks. */
    public void log(String line) {
        if (!queue.offer(line)) dropped.increment();
    }

    /** Closes and opens the file again, from the writer thread, between two lines. */
    public void reopen() {
        reopen = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        int idle = 0;
        while (running || !queue.isEmpty()) {
            if (reopen) {
                reopen = false;
                reopenNow();
            }
            String line = queue.poll();
            if (line == null) {
                flush();
                LockSupport.parkNanos(idle++ < 10 ? 100_000L : 5_000_000L);
                continue;
            }
            idle = 0;
            try {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            } catch (IOException e) {
                LOG.warn("access log {}: {}", path, e.toString());
            }
        }
        flush();
    }

    private void reopenNow() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("access log {}: {}", path, e.toString());
        }
        try {
            out = new BufferedOutputStream(new FileOutputStream(path, true), 64 * 1024);
            LOG.info("access log {} reopened", path);
        } catch (IOException e) {
            LOG.error("access log {}: reopen failed ({}), lines are dropped until the next reopen", path, e.toString());
            out = OutputStream.nullOutputStream();
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            LOG.warn("access log {}: {}", path, e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("access log {}: {}", path, e.toString());
        }
        if (dropped.sum() > 0) LOG.warn("access log {}: {} lines dropped under load", path, dropped.sum());
    }
}
