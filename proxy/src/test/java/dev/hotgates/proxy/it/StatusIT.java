package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hotgates_metrics (every line valid Prometheus text, the numbers right), hotgates_status, the
 * allow/deny guard, and the dashboard in Debian's headless Chromium driven over the DevTools
 * protocol: peers with their health and counters appear, and the counters move.
 */
class StatusIT {

    @TempDir
    static Path dir;

    static EchoBackend backend;
    static ProxyHarness proxy;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        backend = new EchoBackend();
        proxy = ProxyHarness.start(dir, """
                http {
                  upstream pool {
                    server 127.0.0.1:%d;
                    server 127.0.0.1:1 max_fails=1 fail_timeout=60s;
                  }
                  server {
                    listen @PORT@;
                    location /app/ { proxy_pass http://pool/; }
                    location = /hotgates/ { hotgates_dashboard; allow 127.0.0.1; deny all; }
                    location = /hotgates/status { hotgates_status; allow 127.0.0.1; deny all; }
                    location = /hotgates/metrics { hotgates_metrics; allow 127.0.0.1; deny all; }
                    location = /guarded/metrics { hotgates_metrics; deny all; }
                  }
                }
                """.formatted(backend.port()));
        for (int i = 0; i < 12; i++) assertEquals(200, get("/app/echo/" + i).statusCode());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        backend.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*\\})? "
                    + "(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|\\+Inf|NaN)");

    static long value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) return Math.round(Double.parseDouble(line.substring(series.length() + 1)));
        }
        throw new AssertionError("no sample " + series + " in\n" + text);
    }

    @Test
    void metricsAreValidPrometheusTextWithTheRightNumbers() throws Exception {
        HttpResponse<String> r = get("/hotgates/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        String text = r.body();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
            assertTrue(SAMPLE.matcher(line).matches(), "a valid sample line: " + line);
        }
        assertTrue(text.contains("# TYPE hotgates_upstream_response_seconds histogram\n"));
        assertTrue(value(text, "hotgates_requests_total{upstream=\"pool\",class=\"2xx\"}") >= 12, text);
        long inf = value(text, "hotgates_upstream_response_seconds_bucket{upstream=\"pool\",le=\"+Inf\"}");
        assertEquals(inf, value(text, "hotgates_upstream_response_seconds_count{upstream=\"pool\"}"), "+Inf bucket = count");
        assertTrue(inf >= 12, text);
        assertTrue(value(text, "hotgates_upstream_response_seconds_bucket{upstream=\"pool\",le=\"0.005\"}")
                <= value(text, "hotgates_upstream_response_seconds_bucket{upstream=\"pool\",le=\"10\"}"), "buckets are cumulative");
        assertEquals(1, value(text, "hotgates_upstream_peer_up{upstream=\"pool\",peer=\"127.0.0.1:" + backend.port() + "\"}"));
        assertEquals(0, value(text, "hotgates_upstream_peer_up{upstream=\"pool\",peer=\"127.0.0.1:1\"}"), "the refusing peer rests");
        assertTrue(value(text, "hotgates_connections{state=\"active\"}") >= 1);
        assertTrue(text.contains("hotgates_upstream_idle_connections{origin=\"127.0.0.1:" + backend.port() + "\"}"), text);
    }

    @Test
    void statusJsonAndTheGuard() throws Exception {
        HttpResponse<String> r = get("/hotgates/status");
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("\"name\":\"pool\",\"method\":\"round-robin\""), r.body());
        assertTrue(r.body().contains("{\"address\":\"127.0.0.1:1\",\"up\":false,\"active\":0}"), r.body());
        assertEquals(403, get("/guarded/metrics").statusCode(), "deny all guards it");
    }

    /** Debian's chromium over the DevTools protocol, with the JDK's WebSocket client. */
    static final class Browser implements AutoCloseable {
        final Process process;
        final WebSocket page;
        final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        final AtomicInteger ids = new AtomicInteger();

        Browser(Path profile) throws Exception {
            process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--remote-debugging-port=0", "--window-size=1200,900",
                    "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String devtools = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (String line; devtools == null && System.nanoTime() < end && (line = out.readLine()) != null; ) {
                Matcher m = Pattern.compile("DevTools listening on (ws://[^ ]+)").matcher(line);
                if (m.find()) devtools = m.group(1);
            }
            if (devtools == null) throw new IllegalStateException("chromium did not start DevTools");
            Thread drain = new Thread(() -> { try { out.transferTo(java.io.Writer.nullWriter()); } catch (Exception ignored) { } });
            drain.setDaemon(true);
            drain.start();
            URI http = URI.create(devtools.replace("ws://", "http://").replaceAll("/devtools/.*", "/json/list"));
            String list = HTTP.send(HttpRequest.newBuilder(http).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"type\": \"page\"[^}]*?\"webSocketDebuggerUrl\": \"([^\"]+)\"|\"webSocketDebuggerUrl\": \"(ws://[^\"]+/page/[^\"]+)\"").matcher(list);
            if (!m.find()) throw new IllegalStateException("no page target in " + list);
            String url = m.group(1) != null ? m.group(1) : m.group(2);
            page = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
                final StringBuilder part = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    part.append(data);
                    if (last) {
                        String msg = part.toString();
                        part.setLength(0);
                        Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(msg);
                        if (id.find()) {
                            CompletableFuture<String> f = pending.remove(Integer.parseInt(id.group(1)));
                            if (f != null) f.complete(msg);
                        }
                    }
                    ws.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        }

        String call(String method, String params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<String> f = new CompletableFuture<>();
            pending.put(id, f);
            page.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).get(5, TimeUnit.SECONDS);
            return f.get(20, TimeUnit.SECONDS);
        }

        /** Evaluates a JavaScript expression that yields a string or number; returns it as text. */
        String eval(String js) throws Exception {
            String r = call("Runtime.evaluate", "{\"expression\":" + quote("String(" + js + ")") + ",\"returnByValue\":true}");
            Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r);
            if (!m.find()) throw new AssertionError("no value in " + r);
            return m.group(1).replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
        }

        static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        @Override
        public void close() {
            page.abort();
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }

    @Test
    void theDashboardShowsPeersAndCountersThatMove() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/chromium").canExecute(),
                "SKIPPED: the dashboard test needs Debian's chromium (apt-get install chromium)");
        try (Browser b = new Browser(Files.createDirectories(dir.resolve("chromium-profile")))) {
            b.call("Page.enable", "{}");
            b.call("Page.navigate", "{\"url\":\"" + proxy.url("/hotgates/") + "\"}");
            String peers = "";
            for (int i = 0; i < 100 && !peers.contains("127.0.0.1:1"); i++) {
                Thread.sleep(100);
                peers = b.eval("document.querySelector('#peers tbody') ? document.querySelector('#peers tbody').innerText : ''");
            }
            assertTrue(peers.contains("127.0.0.1:" + backend.port()) && peers.contains("127.0.0.1:1"), "both peers listed: " + peers);
            assertEquals("1", b.eval("document.querySelectorAll('#peers tr.peer.up').length"), peers);
            assertEquals("1", b.eval("document.querySelectorAll('#peers tr.peer.down').length"), "the refusing peer shows down: " + peers);
            assertTrue(b.eval("document.querySelector('#servers tbody').innerText").contains("= /hotgates/status"), "servers and locations listed");
            long before = Long.parseLong(b.eval("document.getElementById('requests-total').textContent"));
            for (int i = 0; i < 25; i++) assertEquals(200, get("/app/echo/more" + i).statusCode());
            long after = before;
            for (int i = 0; i < 40 && after < before + 25; i++) {
                Thread.sleep(100);
                after = Long.parseLong(b.eval("document.getElementById('requests-total').textContent"));
            }
            assertTrue(after >= before + 25, "the request counter moved from " + before + " to " + after);
            String rate = b.eval("document.getElementById('rate').textContent");
            assertTrue(rate.matches("[0-9]+\\.[0-9]"), "a request rate is shown: " + rate);
            String upstreams = b.eval("document.querySelector('#upstreams tbody').innerText");
            assertTrue(upstreams.startsWith("pool\tround-robin"), upstreams);
            String shot = b.call("Page.captureScreenshot", "{\"format\":\"png\"}");
            Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(shot);
            assertTrue(m.find(), "a screenshot came back");
            Path png = Path.of("target", "dashboard.png");
            Files.write(png, Base64.getDecoder().decode(m.group(1)));
            System.out.println("dashboard: peers and counters live (requests " + before + " -> " + after + "), screenshot " + png.toAbsolutePath());
        }
    }
}
