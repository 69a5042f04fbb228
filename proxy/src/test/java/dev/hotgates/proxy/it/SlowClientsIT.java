package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.PlatformDependent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow and greedy clients: slowloris, a client that never reads, many idle connections. */
class SlowClientsIT {

    @TempDir
    static Path dir;

    static EchoBackend backend;
    static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        backend = new EchoBackend();
        proxy = ProxyHarness.start(dir, """
                worker_processes 2;
                events { worker_connections 20000; }
                http {
                  client_header_timeout 2s;
                  send_timeout 1s;
                  client_body_min_rate 100 3s;
                  server {
                    listen @PORT@;
                    # The 10,000 idle clients ask for / : answered by the proxy itself, so the
                    # test measures the proxy holding connections, not the test backend's backlog.
                    location = / { return 200 "ok\\n"; }
                    location / { proxy_pass http://127.0.0.1:%d; }
                  }
                }
                """.formatted(backend.port()));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    @Test
    void slowlorisIsCutAtTheHeaderDeadlineNotPerRead() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            byte[] head = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            boolean closed = false;
            // One byte every 200 ms: every gap is short, the head as a whole is not.
            for (int i = 0; i < head.length && !closed; i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                    Thread.sleep(200);
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            if (!closed) closed = s.getInputStream().read() == -1;
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(closed, "the connection was closed");
            assertTrue(ms >= 1800 && ms < 5000, "closed after " + ms + " ms; client_header_timeout is 2 s in total");
        }
    }

    @Test
    void aBodyDribbledOneByteEveryTwoSecondsIsCutOffByTheMinimumRate() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write("POST /echo/slow HTTP/1.1\r\nHost: t\r\nContent-Length: 20\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            boolean closed = false;
            // Every gap (2 s) is far below client_body_timeout (60 s); the average rate is not.
            for (int i = 0; i < 10 && !closed; i++) {
                try {
                    out.write('x');
                    out.flush();
                    Thread.sleep(2000);
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            if (!closed) {
                try {
                    closed = s.getInputStream().read() == -1;
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(closed, "the connection was closed");
            assertTrue(ms >= 3000 && ms < 12_000, "closed after " + ms + " ms; grace 3 s, 100 bytes/s required");
        }
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("POST /echo/fast HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read();
            assertEquals(200, r.status(), "a body sent at once is not affected");
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedAtSendTimeoutWithBoundedMemory() throws Exception {
        long size = 200L * 1024 * 1024;
        long before = PlatformDependent.usedDirectMemory();
        try (SocketChannel ch = SocketChannel.open()) {
            ch.socket().setReceiveBufferSize(4096);
            ch.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
            ch.write(ByteBuffer.wrap(("GET /bytes?n=" + size + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            // Do not read for 4 s: the proxy fills the socket buffers, stops reading the origin,
            // and closes at send_timeout (1 s) instead of buffering the 200 MB.
            long peak = 0;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(200);
                peak = Math.max(peak, PlatformDependent.usedDirectMemory() - before);
            }
            assertTrue(peak < 16L * 1024 * 1024, "direct memory grew by " + peak + " bytes at most");
            // Now read what was buffered: it ends long before 200 MB, at the proxy's close.
            ch.socket().setSoTimeout(10_000);
            InputStream in = ch.socket().getInputStream();
            long total = 0;
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) total += n;
            assertTrue(total < size / 4, "the transfer was cut off after " + total + " bytes");
        }
    }

    @Test
    void tenThousandIdleConnectionsAreHeldAndServed() throws Exception {
        // The clients run in another process (bench/idle-conns.py), so this JVM holds only the
        // proxy's 10,000 ends and stays within the descriptor limit.
        java.io.File script = new java.io.File("../bench/idle-conns.py");
        org.junit.jupiter.api.Assumptions.assumeTrue(script.isFile() && new java.io.File("/usr/bin/python3").canExecute(),
                "SKIPPED: needs python3 and bench/idle-conns.py to open 10,000 connections");
        Process clients = new ProcessBuilder("python3", script.getPath(), "127.0.0.1", Integer.toString(proxy.port()), "10000", "5")
                .redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(clients.getInputStream())).readLine();
            assertEquals("ready 10000", line, "every one of 10,000 connections was answered and stays open");
            try (RawHttp c = new RawHttp(proxy.port())) {
                assertEquals(200, c.send("GET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n").read().status(), "still serving");
            }
        } finally {
            clients.destroy();
            clients.waitFor();
        }
    }
}
