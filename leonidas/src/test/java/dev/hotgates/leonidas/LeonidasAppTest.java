package dev.hotgates.leonidas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.hotgates.lochagus.LochagusApp;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** leonidas against a real lochagus started in this JVM, a dead port, and a lochagus that stalls. */
class LeonidasAppTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Javalin lochagus;
    static HttpServer stalling;

    @BeforeAll
    static void start() throws Exception {
        lochagus = LochagusApp.create(new dev.hotgates.lochagus.ServiceInfo("lochagus", "captain-1", "1", "t")).start(0);
        stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        stalling.createContext("/", ex -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        stalling.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        stalling.start();
    }

    @AfterAll
    static void stop() {
        lochagus.stop();
        stalling.stop(0);
    }

    private static HttpResponse<String> get(String lochagusUrl, String path) throws Exception {
        try (LochagusClient client = new LochagusClient(lochagusUrl, 1000, 1500)) {
            Javalin app = LeonidasApp.create(new ServiceInfo("leonidas", "king-1", "1", "t"), client).start(0);
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } finally {
                app.stop();
            }
        }
    }

    @Test
    void pageAndInfo() throws Exception {
        String url = "http://127.0.0.1:" + lochagus.port();
        assertTrue(get(url, "/").body().contains("<h1>leonidas</h1>"));
        assertEquals("{\"service\":\"leonidas\",\"instance\":\"king-1\",\"version\":\"1\",\"startedAt\":\"t\"}", get(url, "/api/info").body());
        assertEquals(200, get(url, "/health").statusCode());
    }

    @Test
    void ordersAsksLochagus() throws Exception {
        HttpResponse<String> r = get("http://127.0.0.1:" + lochagus.port(), "/orders");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"lochagus\":{\"service\":\"lochagus\",\"instance\":\"captain-1\""), r.body());
        assertTrue(r.body().contains("\"leonidas\":{\"service\":\"leonidas\""), r.body());
    }

    @Test
    void deadLochagusIs502Quickly() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("http://127.0.0.1:" + dead, "/orders");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(502, r.statusCode());
        assertTrue(r.body().contains("lochagus is unreachable"), r.body());
        assertTrue(ms < 2000, "took " + ms + " ms");
    }

    @Test
    void stallingLochagusIs504WithinTwoSeconds() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = get("http://127.0.0.1:" + stalling.getAddress().getPort(), "/orders");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(504, r.statusCode());
        assertTrue(r.body().contains("did not answer within 1500 ms"), r.body());
        assertTrue(ms < 2500, "took " + ms + " ms");
    }

    @Test
    void theBattleFeedEchoesAndBroadcasts() throws Exception {
        Javalin app = LeonidasApp.create(new ServiceInfo("leonidas", "king-1", "1", "t"),
                new LochagusClient("http://127.0.0.1:" + lochagus.port(), 1000, 1500)).start(0);
        try {
            java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + app.port() + "/ws");
            java.util.concurrent.LinkedBlockingQueue<String> a = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.LinkedBlockingQueue<String> b = new java.util.concurrent.LinkedBlockingQueue<>();
            java.net.http.WebSocket wa = HTTP.newWebSocketBuilder().buildAsync(uri, collect(a)).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("welcome: 1 on the feed", a.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            java.net.http.WebSocket wb = HTTP.newWebSocketBuilder().buildAsync(uri, collect(b)).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("welcome: 2 on the feed", b.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            String big = "x".repeat(1 << 20);
            wa.sendText(big, true).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(big, a.poll(5, java.util.concurrent.TimeUnit.SECONDS), "the sender gets its echo, 1 MiB whole");
            assertEquals(big, b.poll(5, java.util.concurrent.TimeUnit.SECONDS), "the other warrior gets the broadcast");
            wa.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(5, java.util.concurrent.TimeUnit.SECONDS);
            wb.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(5, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            app.stop();
        }
    }

    static java.net.http.WebSocket.Listener collect(java.util.concurrent.BlockingQueue<String> into) {
        return new java.net.http.WebSocket.Listener() {
            final StringBuilder part = new StringBuilder();

            @Override
            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    into.add(part.toString());
                    part.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }
}
