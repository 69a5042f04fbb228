package dev.hotgates.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer behind every timeout: moving the deadline must move when it fires, and only once. */
class DeadlineTest {

    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    @Test
    void reArmingLaterPostponesTheTimeout() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicLong firedAt = new AtomicLong();
        long start = System.nanoTime();
        Deadline d = onLoop(() -> new Deadline(loop));
        loop.execute(() -> d.arm(100, () -> { }));
        Thread.sleep(50);
        loop.execute(() -> d.arm(400, () -> {
            firedAt.set(System.nanoTime());
            fired.countDown();
        }));
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        long ms = TimeUnit.NANOSECONDS.toMillis(firedAt.get() - start);
        assertTrue(ms >= 440, "fired after " + ms + " ms, before the moved deadline");
    }

    @Test
    void reArmingEarlierBringsTheTimeoutForward() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        long start = System.nanoTime();
        Deadline d = onLoop(() -> new Deadline(loop));
        loop.execute(() -> d.arm(60_000, () -> { }));
        loop.execute(() -> d.arm(100, fired::countDown));
        assertTrue(fired.await(5, TimeUnit.SECONDS), "the earlier deadline never fired");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
    }

    @Test
    void cancelledNeverFiresAndArmIfIdleRespectsAPendingOne() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Deadline d = onLoop(() -> new Deadline(loop));
        loop.execute(() -> d.arm(100, runs::incrementAndGet));
        loop.execute(d::cancel);
        Thread.sleep(300);
        assertEquals(0, runs.get());
        CountDownLatch fired = new CountDownLatch(1);
        loop.execute(() -> d.arm(100, fired::countDown));
        loop.execute(() -> d.armIfIdle(10, runs::incrementAndGet));
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertEquals(0, runs.get(), "armIfIdle replaced a pending timeout");
    }

    @Test
    void firesOncePerArmAndCloseDropsTheScheduledCheck() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Deadline d = onLoop(() -> new Deadline(loop));
        loop.execute(() -> d.arm(50, runs::incrementAndGet));
        Thread.sleep(400);
        assertEquals(1, runs.get());
        loop.execute(() -> d.arm(60_000, runs::incrementAndGet));
        int before = onLoop(() -> pendingTasks());
        loop.execute(d::close);
        int after = onLoop(() -> pendingTasks());
        assertEquals(before - 1, after, "close() left its check scheduled");
    }

    /** Scheduled tasks waiting on the loop (AbstractScheduledEventExecutor keeps them in a queue). */
    private int pendingTasks() throws Exception {
        java.lang.reflect.Method m = io.netty.util.concurrent.AbstractScheduledEventExecutor.class.getDeclaredMethod("scheduledTaskQueue");
        m.setAccessible(true);
        return ((java.util.Collection<?>) m.invoke(loop)).size();
    }
}
