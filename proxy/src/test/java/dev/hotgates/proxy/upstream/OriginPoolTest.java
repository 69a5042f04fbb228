package dev.hotgates.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idle origin connections on EmbeddedChannels: reuse, eviction on stray bytes, close and expiry. */
class OriginPoolTest {

    private final OriginPool pool = OriginPool.current();

    @Test
    void aReleasedConnectionIsReusedMostRecentFirst() {
        EmbeddedChannel a = new EmbeddedChannel(new OriginHandler());
        EmbeddedChannel b = new EmbeddedChannel(new OriginHandler());
        pool.release("k1", a, 4, 10_000);
        pool.release("k1", b, 4, 10_000);
        assertEquals(2, pool.idleCount("k1"));
        assertSame(b, pool.acquire("k1"));
        assertSame(a, pool.acquire("k1"));
        assertNull(pool.acquire("k1"));
        assertFalse(a.finishAndReleaseAll());
        assertFalse(b.finishAndReleaseAll());
    }

    @Test
    void bytesFromAnIdleOriginCloseAndEvictIt() {
        EmbeddedChannel a = new EmbeddedChannel(new OriginHandler());
        pool.release("k2", a, 4, 10_000);
        a.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertFalse(a.isActive());
        assertEquals(0, pool.idleCount("k2"));
        assertNull(pool.acquire("k2"));
        assertFalse(a.finishAndReleaseAll());
    }

    @Test
    void idleConnectionsExpireAndTheLimitIsKept() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel(new OriginHandler());
        EmbeddedChannel over = new EmbeddedChannel(new OriginHandler());
        pool.release("k3", a, 1, 50);
        pool.release("k3", over, 1, 50);
        assertFalse(over.isActive(), "beyond keepalive N the connection is closed");
        TimeUnit.MILLISECONDS.sleep(80);
        a.runPendingTasks();
        assertFalse(a.isActive(), "expired after keepalive_timeout");
        assertEquals(0, pool.idleCount("k3"));
        assertFalse(a.finishAndReleaseAll());
        assertFalse(over.finishAndReleaseAll());
    }

    @Test
    void eachConnectionExpiresOnItsOwnDeadlineWithOneCheckScheduledAtATime() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel(new OriginHandler());
        EmbeddedChannel b = new EmbeddedChannel(new OriginHandler());
        pool.release("k4", a, 4, 1000);
        TimeUnit.MILLISECONDS.sleep(600);
        pool.release("k4", b, 4, 1000);
        assertEquals(-1, b.runScheduledPendingTasks(), "no check of its own for the second connection");
        TimeUnit.MILLISECONDS.sleep(600);
        a.runPendingTasks();
        assertFalse(a.isActive(), "the first expired at its deadline");
        assertTrue(b.isActive(), "the second, parked later, is still idle");
        assertEquals(1, pool.idleCount("k4"));
        TimeUnit.MILLISECONDS.sleep(600);
        a.runPendingTasks();
        assertFalse(b.isActive(), "the check came back for the second one's deadline");
        assertEquals(0, pool.idleCount("k4"));
        assertNull(pool.acquire("k4"));
        assertFalse(a.finishAndReleaseAll());
        assertFalse(b.finishAndReleaseAll());
    }

    @Test
    void aConnectionTakenFromThePoolDoesNotExpireWhileInUse() throws Exception {
        EmbeddedChannel a = new EmbeddedChannel(new OriginHandler());
        pool.release("k5", a, 4, 50);
        assertSame(a, pool.acquire("k5"));
        TimeUnit.MILLISECONDS.sleep(80);
        a.runPendingTasks();
        assertTrue(a.isActive(), "in use, it is no longer the pool's to close");
        a.close();
        assertEquals(0, pool.idleCount("k5"));
        assertFalse(a.finishAndReleaseAll());
    }

    @Test
    void aBoundHandlerPassesTheResponseToItsExchange() {
        OriginHandler h = new OriginHandler();
        EmbeddedChannel ch = new EmbeddedChannel(h);
        List<Object> seen = new ArrayList<>();
        h.bind(new OriginListener() {
            public void originResponse(HttpResponse response) { seen.add(response.status().code()); }
            public void originContent(HttpContent content) { seen.add(content.content().readableBytes()); content.release(); }
            public void originInactive() { seen.add("inactive"); }
            public void originFailed(Throwable cause) { seen.add("failed"); }
            public void originWritable() { }
            public void originReadComplete() { }
        });
        ch.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CREATED));
        ch.writeInbound(new io.netty.handler.codec.http.DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[3])));
        ch.close();
        assertEquals(List.of(201, 3, "inactive"), seen);
        assertFalse(ch.finishAndReleaseAll());
    }
}
