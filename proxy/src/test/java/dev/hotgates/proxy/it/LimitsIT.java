package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request limits, client timeouts, the access log and stub_status, on real sockets. */
class LimitsIT {

    @TempDir
    static Path dir;

    static EchoBackend backend;
    static ProxyHarness proxy;
    static Path accessLog;
    static Path upstreamLog;

    @BeforeAll
    static void start() throws Exception {
        backend = new EchoBackend();
        accessLog = dir.resolve("access.log");
        upstreamLog = dir.resolve("upstream.log");
        proxy = ProxyHarness.start(dir, """
                events { }
                http {
                  client_header_timeout 500ms;
                  client_body_timeout 500ms;
                  log_format up '$status $upstream_addr $upstream_status $request_time $upstream_response_time $msec $request_id';
                  access_log %s;
                  access_log %s up;
                  server {
                    listen @PORT@;
                    location / { proxy_pass http://127.0.0.1:%d; }
                    location = /status { stub_status; }
                    location = /quiet { access_log off; return 200 "quiet\\n"; }
                  }
                }
                """.formatted(accessLog, upstreamLog, backend.port()));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    @Test
    void aRequestHeadSpreadOverManyReadsIsServed() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            String path = "/echo/" + "a".repeat(6000);
            RawHttp.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nCookie: " + "c".repeat(7000) + "\r\n\r\n").read();
            assertEquals(200, r.status());
            assertTrue(r.text().contains("target: " + path + "\n"));
        }
    }

    @Test
    void requestLineOver8kIs414() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(414, r.status());
            assertTrue(r.text().contains("414 Request-URI Too Large"));
        }
    }

    @Test
    void headerLineOver8kIs400TooLarge() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n").read();
            assertEquals(400, r.status());
            assertTrue(r.text().contains("Request Header Or Cookie Too Large"), r.text());
        }
    }

    @Test
    void incompleteHeadIsClosedAtClientHeaderTimeoutLikeNginx() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            long t0 = System.nanoTime();
            c.send("GET / HTTP/1.1\r\nHost: t\r\n");
            assertNull(c.read(), "nginx closes without an answer");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 400 && ms < 5000, "closed after " + ms + " ms");
        }
    }

    @Test
    void stalledBodyIsClosedAtClientBodyTimeout() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("POST /slowly?ms=3000 HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab");
            long t0 = System.nanoTime();
            assertTrue(c.closedByServer());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2500, "closed after " + ms + " ms");
        }
    }

    @Test
    void beyondWorkerConnectionsNewConnectionsAreClosedAndOthersCarryOn() throws Exception {
        try (ProxyHarness small = ProxyHarness.start(dir, """
                worker_processes 1;
                events { worker_connections 4; }
                http { server { listen @PORT@; location / { return 200 "ok\\n"; } } }
                """)) {
            java.util.List<RawHttp> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawHttp c = new RawHttp(small.port());
                    open.add(c);
                    assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
                }
                try (RawHttp extra = new RawHttp(small.port())) {
                    extra.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
                    assertNull(readOrNull(extra), "the fifth connection is refused");
                }
                for (RawHttp c : open) assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            } finally {
                for (RawHttp c : open) c.close();
            }
        }
    }

    private static RawHttp.Response readOrNull(RawHttp c) {
        try {
            return c.read();
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void stubStatusHasNginxsFormat() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /status HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(200, r.status());
            assertTrue(Pattern.compile("Active connections: \\d+ \\nserver accepts handled requests\\n \\d+ \\d+ \\d+ \\n"
                    + "Reading: \\d+ Writing: \\d+ Waiting: \\d+ \\n").matcher(r.text()).matches(), r.text());
        }
    }

    @Test
    void upstreamAndTimeVariablesAreLoggedAsNginxWritesThem() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            assertEquals(200, c.send("GET /echo/up HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            assertEquals(200, c.send("GET /quiet HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
        }
        // $upstream_addr is the connected origin's ip:port; times are seconds with milliseconds.
        Pattern proxied = Pattern.compile("200 127\\.0\\.0\\.1:" + backend.port() + " 200 \\d+\\.\\d{3} \\d+\\.\\d{3} \\d{10}\\.\\d{3} [0-9a-f]{32}");
        List<String> seen = linesOnceOneMatches(upstreamLog, proxied);
        assertTrue(seen.stream().anyMatch(l -> proxied.matcher(l).matches()), String.join("\n", seen));
    }

    /** The log's lines, read again until one matches (the writer is off the event loop), for up to 5 s. */
    static List<String> linesOnceOneMatches(Path log, Pattern p) throws Exception {
        List<String> lines = List.of();
        for (int i = 0; i < 50 && lines.stream().noneMatch(l -> p.matcher(l).matches()); i++) {
            Thread.sleep(100);
            lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        }
        return lines;
    }

    @Test
    void accessLogWritesCombinedLinesOffTheEventLoop() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /echo/logged?x=1 HTTP/1.1\r\nHost: t\r\nUser-Agent: it/1\r\nReferer: http://ref/\r\n\r\n").read();
            c.send("GET /quiet HTTP/1.1\r\nHost: t\r\n\r\n").read();
        }
        Pattern combined = Pattern.compile("127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\] "
                + "\"GET /echo/logged\\?x=1 HTTP/1\\.1\" 200 \\d+ \"http://ref/\" \"it/1\"");
        List<String> seen = linesOnceOneMatches(accessLog, combined);
        assertTrue(seen.stream().anyMatch(l -> combined.matcher(l).matches()), String.join("\n", seen));
        assertTrue(seen.stream().noneMatch(l -> l.contains("/quiet")), "access_log off is honoured");
    }
}
