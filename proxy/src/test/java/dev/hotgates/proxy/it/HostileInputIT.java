package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Hostile and malformed requests over real sockets (RFC 9112/9110, with nginx's answers), in
 * front of an origin that records what it received in full. Each case's path carries its own
 * marker, so the origin's record shows exactly what was forwarded; "/smuggled" must never arrive.
 * The table is src/test/resources/hostile/requests.csv.
 */
class HostileInputIT {

    @TempDir
    static Path dir;

    static RecordingBackend backend;
    static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        backend = new RecordingBackend();
        Path www = dir.resolve("www");
        Files.createDirectories(www.resolve("sub"));
        Files.writeString(www.resolve("index.html"), "home\n");
        Files.writeString(www.resolve("sub/page.txt"), "page\n");
        Files.writeString(dir.resolve("secret.txt"), "TOP SECRET\n");
        Files.writeString(www.resolve("%2e%2e"), "a file really named %2e%2e\n");
        Files.createSymbolicLink(www.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(www.resolve("inside.txt"), www.resolve("sub/page.txt"));
        Files.createSymbolicLink(www.resolve("outdir"), dir);
        Files.createSymbolicLink(www.resolve("subdir"), www.resolve("sub"));
        proxy = ProxyHarness.start(dir, """
                events { }
                http {
                  client_header_timeout 1s;
                  client_body_timeout 1s;
                  client_max_body_size 100;
                  server {
                    listen @PORT@;
                    location / { proxy_pass http://127.0.0.1:%d; }
                    location /static/ { alias %s/; }
                    location /al/ { alias %s/sub/; }
                  }
                }
                """.formatted(backend.port(), www, www));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        backend.close();
    }

    @ParameterizedTest(name = "{index} {0}")
    @CsvFileSource(resources = "/hostile/requests.csv", delimiter = '|', numLinesToSkip = 1, maxCharsPerColumn = 100_000)
    void hostileRequest(String name, String raw, String expected, String forwarded, String bodyContains) throws Exception {
        String marker = "/h" + Math.abs(name.hashCode());
        String request = unescape(raw).replace("@", marker);
        RawHttp.Response r;
        try (RawHttp c = new RawHttp(proxy.port())) {
            c.send(request);
            r = readOrNull(c);
        }
        String got = r == null ? "close" : Integer.toString(r.status());
        assertTrue(List.of(expected.split(" or ")).contains(got), name + ": expected " + expected + " but got " + got
                + (r == null ? "" : "\n" + r.head() + r.text()));
        if (bodyContains != null && r != null) assertTrue(r.text().contains(unescape(bodyContains)), name + ": " + r.text());
        Thread.sleep(30);
        List<String> arrived = backend.received.stream().map(RecordingBackend.Received::requestLine)
                .filter(l -> l.contains(marker) || l.contains("/smuggled")).collect(Collectors.toList());
        switch (forwarded) {
            case "none" -> assertEquals(List.of(), arrived, name + ": the origin must not receive it");
            case "any" -> { }
            default -> assertEquals(List.of(forwarded.replace("@", marker)), arrived, name + ": what the origin received");
        }
    }

    @Test
    void afterEverythingANormalRequestIsStillServed() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /still/alive HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, r.status());
            assertEquals("ok\n", r.text());
        }
        assertTrue(backend.received.stream().noneMatch(x -> x.requestLine().contains("/smuggled")), "nothing smuggled");
    }

    private static RawHttp.Response readOrNull(RawHttp c) {
        try {
            return c.read();
        } catch (Exception e) {
            return null;
        }
    }

    static String unescape(String s) {
        if (s == null) return null;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 >= s.length()) {
                sb.append(ch);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '0' -> sb.append('\0');
                case 'x' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'H' -> {
                    // \H{n}: n header lines of about 1 KB each
                    int close = s.indexOf('}', i);
                    int count = Integer.parseInt(s.substring(i + 2, close));
                    for (int k = 0; k < count; k++) sb.append("X-Many-").append(k).append(": ").append("v".repeat(1000)).append("\r\n");
                    i = close;
                }
                case 'R' -> {
                    // \R{n}c: n repetitions of c
                    int close = s.indexOf('}', i);
                    int count = Integer.parseInt(s.substring(i + 2, close));
                    sb.append(String.valueOf(s.charAt(close + 1)).repeat(count));
                    i = close + 1;
                }
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }
}
