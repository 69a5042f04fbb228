package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: mixed traffic for {@code soak.seconds} (60 by default) from 6 threads, with
 * aborted requests, aborted responses, 502s and 504s among ordinary requests and static files.
 * Every answer must be the expected one, and afterwards the proxy's direct memory is back at the
 * level it had after warming up; the leak check (paranoid) fails the class on any leak report.
 */
class SoakIT {

    static final int THREADS = 6;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void mixedTrafficWithFaultsLeavesNoLeakAndNoGrowth() throws Exception {
        long seconds = Long.getLong("soak.seconds", 60);
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.write(www.resolve("page.html"), new byte[20_000]);
        try (EchoBackend backend = new EchoBackend();
             ProxyHarness proxy = ProxyHarness.start(dir, """
                     http {
                       client_max_body_size 64k;
                       server {
                         listen @PORT@;
                         location /static/ { alias %s/; }
                         location /dead/ { proxy_pass http://127.0.0.1:%d; }
                         location /slow { proxy_pass http://127.0.0.1:%d; proxy_read_timeout 300ms; }
                         location / { proxy_pass http://127.0.0.1:%d; }
                       }
                     }
                     """.formatted(www, ProxyHarness.freePort(), backend.port(), backend.port()))) {
            Tally warmUp = new Tally();
            run(proxy.port(), 3, warmUp);
            settle();
            long baseline = PlatformDependent.usedDirectMemory();

            Tally tally = new Tally();
            run(proxy.port(), seconds, tally);
            settle();
            long after = PlatformDependent.usedDirectMemory();

            System.out.printf("soak: %d s, %s; direct memory %d KiB after warm-up, %d KiB after the soak%n",
                    seconds, tally.counts, baseline / 1024, after / 1024);
            assertTrue(warmUp.counts.keySet().stream().noneMatch(k -> k.startsWith("unexpected")), "unexpected answers while warming up: " + warmUp.counts);
            assertTrue(tally.counts.keySet().stream().noneMatch(k -> k.startsWith("unexpected")), "unexpected answers: " + tally.counts);
            for (String kind : new String[] {"get 200", "post 200", "static 200", "dead 502", "slow 504", "aborted request", "aborted response", "too large 413"}) {
                assertTrue(tally.count(kind) > 0, kind + " happened during the soak: " + tally.counts);
            }
            assertTrue(after <= baseline + 8L * 1024 * 1024,
                    "direct memory back at its baseline: " + baseline + " before, " + after + " after");
            try (RawHttp c = new RawHttp(proxy.port())) {
                assertEquals(200, c.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n").read().status(), "still serving");
            }
        }
    }

    /** Lets closing connections finish on the event loops and pooled buffers return. */
    private static void settle() throws InterruptedException {
        Thread.sleep(1500);
        System.gc();
        Thread.sleep(500);
    }

    static final class Tally {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(String kind) {
            counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }

        long count(String kind) {
            LongAdder a = counts.get(kind);
            return a == null ? 0 : a.sum();
        }
    }

    private static void run(int port, long seconds, Tally tally) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            Future<?>[] workers = new Future<?>[THREADS];
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                workers[t] = pool.submit(() -> {
                    for (int i = id; System.nanoTime() < end; i++) {
                        try {
                            String got = one(port, i % 9);
                            if (got.startsWith("unexpected")) System.out.println("soak: case " + (i % 9) + " answered unexpectedly");
                            tally.add(got);
                        } catch (IOException e) {
                            tally.add("unexpected");
                            System.out.println("soak: case " + (i % 9) + ": " + e);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> w : workers) w.get(seconds + 60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One exchange of the given kind; returns what happened. */
    private static String one(int port, int kind) throws IOException {
        switch (kind) {
            case 0, 1 -> {
                try (RawHttp c = new RawHttp(port)) {
                    for (int i = 0; i < 5; i++) {
                        RawHttp.Response r = c.send("GET /echo/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                        if (r == null || r.status() != 200) return "unexpected get " + (r == null ? "closed" : r.status());
                    }
                    return "get 200";
                }
            }
            case 2 -> {
                String body = "x".repeat(30_000);
                try (RawHttp c = new RawHttp(port)) {
                    RawHttp.Response r = c.send("POST /sha256 HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).read();
                    return r != null && r.status() == 200 && r.text().startsWith("30000 ") ? "post 200" : "unexpected post " + (r == null ? "closed" : r.status() + " " + r.text());
                }
            }
            case 3 -> {
                try (RawHttp c = new RawHttp(port)) {
                    RawHttp.Response r = c.send("GET /static/page.html HTTP/1.1\r\nHost: t\r\n\r\n").read();
                    return r.status() == 200 && r.body().length == 20_000 ? "static 200" : "unexpected";
                }
            }
            case 4 -> {
                try (RawHttp c = new RawHttp(port)) {
                    return c.send("GET /dead/x HTTP/1.1\r\nHost: t\r\n\r\n").read().status() == 502 ? "dead 502" : "unexpected";
                }
            }
            case 5 -> {
                // The client sends part of a body and goes away.
                try (Socket s = new Socket("127.0.0.1", port)) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /sha256 HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\n" + "y".repeat(7000)).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.setSoLinger(true, 0);
                }
                return "aborted request";
            }
            case 6 -> {
                // The client reads the start of a 4 MiB response and goes away.
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("GET /bytes?n=4194304 HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[16_384];
                    int got = in.readNBytes(buf, 0, buf.length);
                    s.setSoLinger(true, 0);
                    return got == buf.length && new String(buf, 0, 12, StandardCharsets.US_ASCII).equals("HTTP/1.1 200") ? "aborted response" : "unexpected";
                }
            }
            case 7 -> {
                try (RawHttp c = new RawHttp(port)) {
                    int status = c.send("GET /slow?ms=1000 HTTP/1.1\r\nHost: t\r\n\r\n").read().status();
                    return status == 504 ? "slow 504" : "unexpected status " + status;
                }
            }
            default -> {
                try (RawHttp c = new RawHttp(port)) {
                    RawHttp.Response r = c.send("POST /sha256 HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n").read();
                    return r.status() == 413 ? "too large 413" : "unexpected";
                }
            }
        }
    }
}
