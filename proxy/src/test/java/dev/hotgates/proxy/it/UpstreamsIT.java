package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream blocks with failing servers: next upstream, passive health, timeouts. */
class UpstreamsIT {

    @TempDir
    static Path dir;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static EchoBackend echo;
    static HttpServer failing;
    static ServerSocket silent;
    static final List<Socket> held = new CopyOnWriteArrayList<>();
    static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        echo = new EchoBackend();
        failing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        failing.createContext("/", ex -> {
            byte[] b = "bad gateway from the origin\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(502, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        failing.setExecutor(Executors.newCachedThreadPool());
        failing.start();
        // Accepts connections and never answers.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        int dead1 = ProxyHarness.freePort();
        int dead2 = ProxyHarness.freePort();
        proxy = ProxyHarness.start(dir, """
                events { }
                http {
                  upstream one_dead { server 127.0.0.1:%1$d; server 127.0.0.1:%3$d; }
                  upstream all_dead { server 127.0.0.1:%1$d; server 127.0.0.1:%2$d; }
                  upstream one_silent { server 127.0.0.1:%4$d; server 127.0.0.1:%3$d; }
                  upstream one_502 { server 127.0.0.1:%5$d; server 127.0.0.1:%3$d; }
                  upstream one_502_passed { server 127.0.0.1:%5$d; server 127.0.0.1:%3$d; }
                  upstream silent_post { server 127.0.0.1:%4$d max_fails=0; server 127.0.0.1:%3$d; }
                  upstream two_dead { server 127.0.0.1:%1$d max_fails=0; server 127.0.0.1:%2$d max_fails=0; server 127.0.0.1:%3$d; }
                  upstream slow_first { server 127.0.0.1:%4$d max_fails=0; server 127.0.0.1:%3$d; }
                  server {
                    listen @PORT@;
                    proxy_read_timeout 300ms;
                    location /one-dead/ { proxy_pass http://one_dead/; }
                    location /all-dead/ { proxy_pass http://all_dead/; }
                    location /silent/ { proxy_pass http://one_silent/; }
                    location /silent-off/ { proxy_next_upstream off; proxy_pass http://one_silent/; }
                    location /502/ { proxy_next_upstream error timeout http_502; proxy_pass http://one_502/; }
                    location /502-passed/ { proxy_pass http://one_502_passed/; }
                    location /silent-post/ { proxy_pass http://silent_post/; }
                    location /tries2/ { proxy_next_upstream_tries 2; proxy_pass http://two_dead/; }
                    location /tries-any/ { proxy_pass http://two_dead/; }
                    location /next-timeout/ { proxy_next_upstream_timeout 200ms; proxy_pass http://slow_first/; }
                  }
                }
                """.formatted(dead1, dead2, echo.port(), silent.getLocalPort(), failing.getAddress().getPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        echo.close();
        failing.stop(0);
        silent.close();
        for (Socket s : held) s.close();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.BodyPublisher body = method.equals("POST") ? HttpRequest.BodyPublishers.ofString("x") : HttpRequest.BodyPublishers.noBody();
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url(path))).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRefusingServerIsSkippedAndNoRequestFails() throws Exception {
        int failed = 0;
        for (int i = 0; i < 200; i++) if (send("GET", "/one-dead/echo/" + i).statusCode() != 200) failed++;
        assertEquals(0, failed);
    }

    @Test
    void allServersDownIs502AndThenAtOnce() throws Exception {
        assertEquals(502, send("GET", "/all-dead/x").statusCode());
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            assertEquals(502, send("GET", "/all-dead/x").statusCode());
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        ms.sort(null);
        assertTrue(ms.get(ms.size() / 2) < 50, "median " + ms.get(ms.size() / 2) + " ms: " + ms);
    }

    @Test
    void aSilentServerTimesOutAndTheNextAnswers() throws Exception {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = send("GET", "/silent/echo/" + i);
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    @Test
    void withNextUpstreamOffASilentServerIs504() throws Exception {
        boolean saw504 = false;
        for (int i = 0; i < 4 && !saw504; i++) saw504 = send("GET", "/silent-off/x").statusCode() == 504;
        assertTrue(saw504, "the silent server's turn ends in 504 at proxy_read_timeout");
    }

    @Test
    void aNonIdempotentRequestThatReachedAServerIsNotRepeated() throws Exception {
        boolean saw504 = false;
        for (int i = 0; i < 4 && !saw504; i++) saw504 = send("POST", "/silent-post/x").statusCode() == 504;
        assertTrue(saw504, "POST is not sent to a second server after the first one had it");
    }

    @Test
    void http502GoesToTheNextServerOnlyWhenListed() throws Exception {
        for (int i = 0; i < 6; i++) assertEquals(200, send("GET", "/502/echo").statusCode());
        boolean passed = false;
        for (int i = 0; i < 6 && !passed; i++) {
            HttpResponse<String> r = send("GET", "/502-passed/x");
            passed = r.statusCode() == 502 && r.body().equals("bad gateway from the origin\n");
        }
        assertTrue(passed, "without http_502 the origin's 502 is passed on as it is");
    }

    @Test
    void nextUpstreamTriesBoundsTheAttempts() throws Exception {
        int unlimitedFailures = 0;
        for (int i = 0; i < 6; i++) if (send("GET", "/tries-any/echo").statusCode() != 200) unlimitedFailures++;
        assertEquals(0, unlimitedFailures, "without a bound the live third server always answers");
        int bounded502 = 0;
        for (int i = 0; i < 6; i++) if (send("GET", "/tries2/echo").statusCode() == 502) bounded502++;
        assertTrue(bounded502 > 0, "two tries can both land on the dead servers");
    }

    @Test
    void nextUpstreamTimeoutBoundsTheTimeSpent() throws Exception {
        boolean saw504 = false;
        for (int i = 0; i < 4 && !saw504; i++) saw504 = send("GET", "/next-timeout/echo").statusCode() == 504;
        assertTrue(saw504, "after a 300 ms read timeout the 200 ms budget for the next server is spent");
    }

    @Test
    void weightsAreHonouredWithinFivePercentOverTenThousandRequests() throws Exception {
        try (RecordingBackend heavy = new RecordingBackend(); RecordingBackend light = new RecordingBackend();
             ProxyHarness p = ProxyHarness.start(dir, """
                     events { }
                     http {
                       keepalive_requests 100000;
                       upstream weighted { server 127.0.0.1:%d weight=3; server 127.0.0.1:%d; keepalive 8; }
                       server { listen @PORT@; location / { proxy_pass http://weighted; } }
                     }
                     """.formatted(heavy.port(), light.port()))) {
            try (RawHttp c = new RawHttp(p.port())) {
                for (int i = 0; i < 10_000; i++) assertEquals(200, c.send("GET /w HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            }
            assertEquals(10_000, heavy.received.size() + light.received.size());
            assertEquals(7500, heavy.received.size(), 375, "weight 3 of 4 gets 75 % of 10,000 requests, within 5 %");
        }
    }
}
