package dev.hotgates.@PKG@;

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

class @CLASS@AppTest {

    static Javalin app;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = @CLASS@App.create(new ServiceInfo("@NAME@", "box-1", "1.2.3", "2026-11-28T00:00:00Z")).start(0);
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
        assertTrue(r.body().contains("<h1>@NAME@</h1>") && r.body().contains("box-1"), r.body());
    }

    @Test
    void infoIsJson() throws Exception {
        HttpResponse<String> r = get("/api/info");
        assertEquals(200, r.statusCode());
        assertEquals("{\"service\":\"@NAME@\",\"instance\":\"box-1\",\"version\":\"1.2.3\",\"startedAt\":\"2026-11-28T00:00:00Z\"}", r.body());
    }

    @Test
    void health() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"status\":\"UP\""), r.body());
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, get("/nope").statusCode());
    }
}
