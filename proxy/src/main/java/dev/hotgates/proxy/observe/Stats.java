package dev.hotgates.proxy.observe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@code stub_status}, shared by every event loop. Adders and atomics only:
 * nothing on the request path waits for a lock.
 */
public final class Stats {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder handled = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger reading = new AtomicInteger();
    private final AtomicInteger writing = new AtomicInteger();

    public void accepted() {
        accepted.increment();
        handled.increment();
        active.incrementAndGet();
    }

    public void closed() {
        active.decrementAndGet();
    }

    public void request() {
        requests.increment();
    }

    /** A connection moves between reading a request head, writing a response, and waiting. */
    public void reading(int delta) {
        reading.addAndGet(delta);
    }

    public void writing(int delta) {
        writing.addAndGet(delta);
    }

    public int active() {
        return active.get();
    }

    /** accepted, handled, requests, active, reading, writing, waiting: stub_status's numbers. */
    public long[] numbers() {
        int act = active.get();
        int rd = Math.max(0, reading.get());
        int wr = Math.max(0, writing.get());
        return new long[] {accepted.sum(), handled.sum(), requests.sum(), act, rd, wr, Math.max(0, act - rd - wr)};
    }

    /** nginx's exact stub_status text (ngx_http_stub_status_module.c). */
    public String stubStatus() {
        int act = active.get();
        int rd = Math.max(0, reading.get());
        int wr = Math.max(0, writing.get());
        int wait = Math.max(0, act - rd - wr);
        return "Active connections: " + act + " \n"
                + "server accepts handled requests\n"
                + " " + accepted.sum() + " " + handled.sum() + " " + requests.sum() + " \n"
                + "Reading: " + rd + " Writing: " + wr + " Waiting: " + wait + " \n";
    }
}
