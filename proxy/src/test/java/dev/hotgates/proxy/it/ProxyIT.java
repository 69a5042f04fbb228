package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.PlatformDependent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy on real sockets in front of in-process backends. */
class ProxyIT {

    @TempDir
    static Path dir;

    static EchoBackend backend;
    static ProxyHarness proxy;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        backend = new EchoBackend();
        int dead = ProxyHarness.freePort();
        proxy = ProxyHarness.start(dir, """
                events { worker_connections 1024; }
                http {
                  server {
                    listen @PORT@;
                    client_max_body_size 1k;
                    location / { proxy_pass http://127.0.0.1:%1$d; }
                    location /big/ { client_max_body_size 0; proxy_pass http://127.0.0.1:%1$d/; }
                    location /down/ { proxy_pass http://127.0.0.1:%2$d/; }
                    location /slow/ { proxy_read_timeout 300ms; proxy_pass http://127.0.0.1:%1$d/slow; }
                    location /files/ { root %3$s; }
                    location /refused/ { alias /proc/sys/vm/; }
                  }
                }
                """.formatted(backend.port(), dead, java.nio.file.Files.createDirectories(dir.resolve("www/files")).getParent()));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    /** Small files stay open between requests for up to a second; what is sent must still be the file as it is now. */
    @Test
    void aStaticFileChangedBetweenRequestsIsSentAsItIsNow() throws Exception {
        Path file = dir.resolve("www/files/page.txt");
        java.nio.file.Files.writeString(file, "version one");
        java.nio.file.attribute.FileTime then = java.nio.file.Files.getLastModifiedTime(file);
        try (RawHttp c = new RawHttp(proxy.port())) {
            assertEquals("version one", c.send("GET /files/page.txt HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
            // replaced by another file of the same size and time (a deploy that renames into place)
            Path next = java.nio.file.Files.writeString(dir.resolve("www/files/page.txt.new"), "version two");
            java.nio.file.Files.setLastModifiedTime(next, then);
            java.nio.file.Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertEquals("version two", c.send("GET /files/page.txt HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
            // rewritten in place, size and time kept
            java.nio.file.Files.writeString(file, "version 3!!");
            java.nio.file.Files.setLastModifiedTime(file, then);
            assertEquals("version 3!!", c.send("GET /files/page.txt HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
            java.nio.file.Files.writeString(file, "version four, longer");
            RawHttp.Response r = c.send("GET /files/page.txt HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals("version four, longer", r.text());
            assertEquals("20", r.header("Content-Length"));
            java.nio.file.Files.delete(file);
            assertEquals(404, c.send("GET /files/page.txt HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
        }
    }

    /**
     * A file that {@code open()} refuses is a 403, as nginx answers (NginxDifferentialIT has the
     * same request), also for a proxy run as root: procfs checks a sysctl's mode bits without
     * root's exemption, so {@code /proc/sys/vm/compact_memory} (mode 0200) opens for no reader.
     */
    @Test
    void aFileThatCannotBeOpenedIs403AndTheConnectionGoesOn() throws Exception {
        Path refused = Path.of("/proc/sys/vm/compact_memory");
        Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(refused) && !java.nio.file.Files.isReadable(refused),
                "needs Linux's write-only /proc/sys/vm/compact_memory as a file that open() refuses");
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /refused/compact_memory HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(403, r.status());
            assertTrue(r.text().contains("<center><h1>403 Forbidden</h1></center>"), r.text());
            assertEquals(200, c.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
        }
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            for (int i = 0; i < 5; i++) {
                RawHttp.Response r = c.send("GET /echo/" + i + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertEquals(200, r.status());
                assertTrue(r.text().contains("target: /echo/" + i + "\n"), r.text());
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /echo/1 HTTP/1.1\r\nHost: t\r\n\r\nGET /slowly?ms=200 HTTP/1.1\r\nHost: t\r\n\r\nGET /echo/3 HTTP/1.1\r\nHost: t\r\n\r\n");
            assertTrue(c.read().text().contains("target: /echo/1\n"));
            assertTrue(c.read().text().contains("target: /slowly?ms=200\n"));
            assertTrue(c.read().text().contains("target: /echo/3\n"));
        }
    }

    @Test
    void http10WithAndWithoutKeepAlive() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /echo/a HTTP/1.0\r\n\r\n").read();
            assertEquals(200, r.status());
            assertTrue(c.closedByServer());
        }
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /echo/a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals(200, c.read().status());
            assertEquals(200, c.send("GET /echo/b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().status());
        }
    }

    @Test
    void chunkedRequestBodyArrivesWhole() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").read();
            assertEquals(200, r.status());
            assertTrue(r.text().contains("body: hello world\n"), r.text());
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response interim = c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n").read();
            assertEquals(100, interim.status());
            RawHttp.Response r = c.send("hello").read();
            assertEquals(200, r.status());
            assertTrue(r.text().contains("body: hello\n"));
            assertTrue(!r.text().contains("header expect"), "Expect must not reach the origin");
        }
    }

    @Test
    void expectContinueWithATooLargeBodyGets413() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n").read();
            assertEquals(413, r.status());
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413AndNotForwardedWhole() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            String chunk = "x".repeat(600);
            RawHttp.Response r = c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n").read();
            assertEquals(413, r.status());
        }
    }

    @Test
    void upstreamRefusingIs502Quickly() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url("/down/x"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, r.statusCode());
        assertTrue(r.body().contains("<center><h1>502 Bad Gateway</h1></center>"));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 2000);
    }

    @Test
    void slowUpstreamIs504AtTheReadTimeout() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url("/slow/?ms=3000"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(504, r.statusCode());
        assertTrue(r.body().contains("504 Gateway Time-out"));
    }

    @Test
    void hundredMegabytesUploadStreamsWithBoundedMemory() throws Exception {
        long size = Long.getLong("it.bigBody", 100L * 1024 * 1024);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        AtomicLong maxDirect = new AtomicLong();
        HttpRequest req = HttpRequest.newBuilder(URI.create(proxy.url("/big/sha256")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(size, sent, maxDirect)))
                .build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(size + " " + java.util.HexFormat.of().formatHex(sent.digest()), r.body());
        // Streaming, not buffering: the proxy never holds more than a few windows of the body.
        assertTrue(maxDirect.get() < 48L * 1024 * 1024, "direct memory peaked at " + maxDirect.get());
    }

    @Test
    void hundredMegabytesDownloadStreamsWithBoundedMemory() throws Exception {
        long size = Long.getLong("it.bigBody", 100L * 1024 * 1024);
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url("/big/bytes?n=" + size))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        MessageDigest want = MessageDigest.getInstance("SHA-256");
        byte[] block = EchoBackend.block();
        for (long left = size; left > 0; left -= block.length) want.update(block, 0, (int) Math.min(left, block.length));
        long total = 0;
        long maxDirect = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; total += n) {
                got.update(buf, 0, n);
                maxDirect = Math.max(maxDirect, PlatformDependent.usedDirectMemory());
            }
        }
        assertEquals(size, total);
        assertArrayEquals(want.digest(), got.digest());
        assertTrue(maxDirect < 48L * 1024 * 1024, "direct memory peaked at " + maxDirect);
    }

    @Test
    void backendClosingIdleConnectionsUnderLoadCausesNo502() throws Exception {
        try (IdleClosingBackend idle = new IdleClosingBackend(100);
             ProxyHarness p = ProxyHarness.start(dir, """
                     events {}
                     http { server { listen @PORT@; location / { proxy_pass http://127.0.0.1:%d; } } }
                     """.formatted(idle.port()))) {
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<Integer>> failures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                failures.add(clients.submit(() -> {
                    int failed = 0;
                    for (int i = 0; i < 60; i++) {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(80, 120));   // around the backend's idle limit
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(p.url("/x"))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) failed++;
                    }
                    return failed;
                }));
            }
            int failed = 0;
            for (Future<Integer> f : failures) failed += f.get();
            clients.shutdown();
            assertEquals(0, failed, "requests that failed while the backend closed idle connections");
            assertTrue(idle.connections.get() > 1, "the backend did close connections: " + idle.connections.get());
        }
    }

    @Test
    void missingHostOnHttp11Is400AndCloses() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /echo HTTP/1.1\r\n\r\n").read();
            assertNotNull(r);
            assertEquals(400, r.status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(400, r.status());
            assertTrue(c.closedByServer());
        }
    }

    /** Generates {@code size} pseudo-random bytes, hashing them as they go. */
    static final class GeneratedStream extends InputStream {
        private long left;
        private final MessageDigest digest;
        private final AtomicLong maxDirect;
        private final byte[] block = new byte[64 * 1024];

        GeneratedStream(long size, MessageDigest digest, AtomicLong maxDirect) {
            this.left = size;
            this.digest = digest;
            this.maxDirect = maxDirect;
            ThreadLocalRandom.current().nextBytes(block);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) return -1;
            int n = (int) Math.min(Math.min(len, block.length), left);
            System.arraycopy(block, 0, b, off, n);
            block[(int) (left % block.length)] ^= 0x5a;
            digest.update(b, off, n);
            left -= n;
            maxDirect.accumulateAndGet(PlatformDependent.usedDirectMemory(), Math::max);
            return n;
        }
    }
}
