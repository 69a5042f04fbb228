package dev.hotgates.lochagus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LochagusAppTest {

    static Javalin app;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = LochagusApp.create(new ServiceInfo("lochagus", "box-1", "1.2.3", "2026-11-28T00:00:00Z")).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pageNamesTheServiceAndInstance() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains("<h1>lochagus</h1>") && r.body().contains("box-1"), r.body());
    }

    @Test
    void infoIsJson() throws Exception {
        HttpResponse<String> r = get("/api/info");
        assertEquals(200, r.statusCode());
        assertEquals("{\"service\":\"lochagus\",\"instance\":\"box-1\",\"version\":\"1.2.3\",\"startedAt\":\"2026-11-28T00:00:00Z\"}", r.body());
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
    }

    @Test
    void unknownPathIs404AndSaysWhatArrived() throws Exception {
        HttpResponse<String> r = get("/nope/x?y=1");
        assertEquals(404, r.statusCode());
        assertEquals("/nope/x", r.headers().firstValue("X-Received-Path").orElse(null));
    }

    @Test
    void echoShowsTheRequestLineAndForwardingHeaders() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/echo?a=b"))
                .header("X-Forwarded-For", "203.0.113.7").header("X-Request-Id", "abc").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("{\"request\":\"GET /api/echo?a=b HTTP/1.1\",\"Host\":\"127.0.0.1:" + app.port()
                + "\",\"X-Real-IP\":\"(none)\",\"X-Forwarded-For\":\"203.0.113.7\",\"X-Forwarded-Proto\":\"(none)\","
                + "\"X-Request-Id\":\"abc\",\"Connection\":\"Upgrade, HTTP2-Settings\"}", r.body());
    }
}
