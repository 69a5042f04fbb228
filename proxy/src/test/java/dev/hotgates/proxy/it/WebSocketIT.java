package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket through the proxy with nginx's recipe (proxy_http_version 1.1, Upgrade and the
 * $connection_upgrade map), with the JDK's WebSocket client: echo, broadcast to two clients,
 * close codes, a 1 MiB message, and the idle cut at proxy_read_timeout.
 */
class WebSocketIT {

    @TempDir
    static Path dir;

    static WebSocketBackend backend;
    static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        backend = new WebSocketBackend();
        proxy = ProxyHarness.start(dir, """
                http {
                  map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      close;
                  }
                  server {
                    listen @PORT@;
                    location /ws {
                      proxy_pass http://127.0.0.1:%d;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                    }
                    location /quiet {
                      proxy_pass http://127.0.0.1:%d/ws;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_read_timeout 1s;
                    }
                    location /plain { return 200 "plain\\n"; }
                  }
                }
                """.formatted(backend.port(), backend.port()));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    /** A client that queues what it receives: texts, and "close CODE REASON". */
    static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                got.add(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            got.add("close " + status + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            got.add("error " + error);
        }

        String next() throws InterruptedException {
            String s = got.poll(10, TimeUnit.SECONDS);
            if (s == null) throw new AssertionError("nothing arrived within 10 s");
            return s;
        }
    }

    static WebSocket connect(String path, Listener l) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + path), l).get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoAndBroadcastToTwoClients() throws Exception {
        Listener a = new Listener();
        Listener b = new Listener();
        WebSocket wa = connect("/ws", a);
        assertEquals("welcome", a.next(), "a frame sent right behind the 101 arrives");
        WebSocket wb = connect("/ws", b);
        assertEquals("welcome", b.next());
        wa.sendText("Hold the pass", true).get(5, TimeUnit.SECONDS);
        assertEquals("Hold the pass", a.next(), "the sender gets its echo");
        assertEquals("Hold the pass", b.next(), "the other client gets the broadcast");
        wb.sendText("Come and take them", true).get(5, TimeUnit.SECONDS);
        assertEquals("Come and take them", a.next());
        assertEquals("Come and take them", b.next());
        wa.sendClose(4000, "bye").get(5, TimeUnit.SECONDS);
        assertEquals("close 4000 bye", a.next(), "the close code and reason travel both ways");
        wb.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        assertEquals("close 1000 ", b.next());
    }

    @Test
    void aOneMebibyteMessageGoesThroughWhole() throws Exception {
        Listener a = new Listener();
        WebSocket wa = connect("/ws", a);
        assertEquals("welcome", a.next());
        StringBuilder big = new StringBuilder(1 << 20);
        for (int i = 0; big.length() < (1 << 20); i++) big.append((char) ('a' + i % 26));
        wa.sendText(big, true).get(10, TimeUnit.SECONDS);
        String back = a.next();
        assertEquals(1 << 20, back.length());
        assertEquals(big.toString(), back);
        wa.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void anIdleTunnelIsClosedAtProxyReadTimeout() throws Exception {
        Listener a = new Listener();
        long t0 = System.nanoTime();
        connect("/quiet", a);
        assertEquals("welcome", a.next());
        String end = a.next();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(end.startsWith("close") || end.startsWith("error"), end);
        assertTrue(ms >= 900 && ms < 5000, "closed after " + ms + " ms; proxy_read_timeout is 1 s");
    }

    @Test
    void plainRequestsStillWorkOnTheSameServer() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            assertEquals("plain\n", c.send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\n").read().text());
        }
    }
}
