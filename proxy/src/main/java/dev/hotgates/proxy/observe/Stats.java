package dev.hotgates.proxy.observe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@code stub_status}, shared by every event loop. What changes per request
 * is kept in adders (a cell per contending thread, summed when read), so two event loops do not
 * fight over one cache line; nothing on the request path waits for a lock.
 */
public final class Stats {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder handled = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder reading = new LongAdder();
    private final LongAdder writing = new LongAdder();

    public void accepted() {
        accepted.increment();
        handled.increment();
        active.incrementAndGet();
    }

    public void closed() {
        active.decrementAndGet();
    }

    /** A request head arrived: its connection goes from reading to writing. */
    public void requestStarted() {
        requests.increment();
        reading.decrement();
        writing.increment();
    }

    /** The response is done: its connection waits for (reads) the next request. */
    public void responded() {
        writing.decrement();
        reading.increment();
    }

    /** A connection moves between reading a request head, writing a response, and waiting. */
    public void reading(int delta) {
        reading.add(delta);
    }

    public void writing(int delta) {
        writing.add(delta);
    }

    public int active() {
        return active.get();
    }

    /** accepted, handled, requests, active, reading, writing, waiting: stub_status's numbers. */
    public long[] numbers() {
        int act = active.get();
        int rd = (int) Math.max(0, reading.sum());
        int wr = (int) Math.max(0, writing.sum());
        return new long[] {accepted.sum(), handled.sum(), requests.sum(), act, rd, wr, Math.max(0, act - rd - wr)};
    }

    /** nginx's exact stub_status text (ngx_http_stub_status_module.c). */
    public String stubStatus() {
        int act = active.get();
        int rd = (int) Math.max(0, reading.sum());
        int wr = (int) Math.max(0, writing.sum());
        int wait = Math.max(0, act - rd - wr);
        return "Active connections: " + act + " \n"
                + "server accepts handled requests\n"
                + " " + accepted.sum() + " " + handled.sum() + " " + requests.sum() + " \n"
                + "Reading: " + rd + " Writing: " + wr + " Waiting: " + wait + " \n";
    }
}
