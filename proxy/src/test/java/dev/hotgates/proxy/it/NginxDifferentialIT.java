package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same configuration files, the same requests, sent to Debian's nginx and to the proxy in
 * front of the same echo backend: status, body, selected headers and what the backend received
 * must agree, except the divergences listed in proxy/README.md (normalised in {@link #normalise}).
 */
class NginxDifferentialIT {

    @TempDir
    static Path dir;

    static EchoBackend backend;
    static int compared;
    static final List<String> differences = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(NginxProcess.binary() != null,
                "SKIPPED: nginx is not installed (apt-get install nginx): the differential suite did not run");
        backend = new EchoBackend();
        Path root = dir.resolve("www");
        Files.createDirectories(root.resolve("dir"));
        Files.createDirectories(root.resolve("noindex"));
        Files.createDirectories(root.resolve("listing/sub"));
        Files.createDirectories(root.resolve("dir2"));
        write(root, "index.html", "<h1>home</h1>\n");
        write(root, "a.txt", "plain text\n");
        write(root, "style.css", "body { color: red; }\n");
        write(root, "img.gif", "GIF89a-not-really\n");
        write(root, "unknown.xyz", "what am I\n");
        write(root, "dir/index.html", "dir index\n");
        write(root, "dir/page.html", "dir page\n");
        write(root, "dir2/other.html", "other index\n");
        write(root, "custom404.html", "custom not found\n");
        write(root, "50x.html", "custom server error\n");
        write(root, "listing/one.txt", "1\n");
        write(root, "listing/two.txt", "22\n");
        write(root, "sp ace.txt", "space\n");
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 1000; i++) big.append(String.format("%09d\n", i));
        write(root, "big.txt", big.toString());
    }

    private static void write(Path root, String name, String text) throws IOException {
        Path p = root.resolve(name);
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L));
    }

    @AfterAll
    static void report() {
        if (backend == null) return;
        backend.close();
        System.out.println("differential: compared " + compared + " cases against " + nginxVersion() + ", "
                + differences.size() + " unexplained differences");
    }

    private static String nginxVersion() {
        try {
            return NginxProcess.version();
        } catch (Exception e) {
            return "nginx";
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1-locations", "2-static", "3-responses", "4-headers", "5-names-maps", "6-upstreams"})
    void agreesWithNginx(String name) throws Exception {
        String template;
        try (InputStream in = NginxDifferentialIT.class.getResourceAsStream("/differential/" + name + ".conf")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        template = template.replace("@BACKEND@", Integer.toString(backend.port()))
                .replace("@ROOT@", dir.resolve("www").toString())
                .replace("@DEAD@", Integer.toString(ProxyHarness.freePort()));
        int nginxPort = ProxyHarness.freePort();
        Path nginxConf = dir.resolve(name + "-nginx.conf");
        Files.writeString(nginxConf, template.replace("@PORT@", Integer.toString(nginxPort)));
        List<String> local = new ArrayList<>();
        try (NginxProcess nginx = NginxProcess.start(nginxConf, dir.resolve("nginx-" + name), nginxPort);
             ProxyHarness proxy = ProxyHarness.start(dir, template)) {
            for (DifferentialCases.Case c : DifferentialCases.forConfig(name, dir.resolve("www"))) {
                String want = normalise(exchange(nginxPort, c), nginxPort);
                String got = normalise(exchange(proxy.port(), c), proxy.port());
                compared++;
                if (!want.equals(got)) local.add(name + " " + c + "\n--- nginx\n" + want + "--- proxy\n" + got);
            }
        }
        differences.addAll(local);
        Path errors = dir.resolve("nginx-" + name).resolve("logs/error.log");
        String log = Files.exists(errors) ? Files.readString(errors) : "";
        assertEquals(List.of(), local, local.size() + " difference(s) from nginx; nginx error.log:\n" + log);
    }

    private static String exchange(int port, DifferentialCases.Case c) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            StringBuilder req = new StringBuilder(c.method() + " " + c.target() + " HTTP/1.1\r\n");
            if (!c.headers().containsKey("Host")) req.append("Host: localhost\r\n");
            c.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            if (c.body() != null) req.append("Content-Length: ").append(c.body().length()).append("\r\n");
            req.append("Connection: close\r\n\r\n");
            if (c.body() != null) req.append(c.body());
            RawHttp.Response r = http.send(req.toString()).read(c.method().equals("HEAD"));
            if (r == null) return "connection closed without a response\n";
            StringBuilder sb = new StringBuilder("status " + r.status() + "\n");
            Map<String, String> headers = new TreeMap<>();
            boolean chunked = false;
            for (String line : r.head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) continue;
                String k = line.substring(0, colon).toLowerCase(Locale.ROOT);
                String v = line.substring(colon + 1).trim();
                if (k.equals("transfer-encoding")) chunked = true;
                if (COMPARED.contains(k) || k.startsWith("x-") && !k.equals("x-request-id")) headers.merge(k, v, (a, b) -> a + " | " + b);
                if (k.equals("server") && v.equals("backend-server")) headers.put(k, v);
            }
            if (chunked) headers.remove("content-length");
            headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
            sb.append("body:\n").append(r.text());
            return sb.toString();
        }
    }

    private static final List<String> COMPARED = List.of("content-type", "location", "etag", "last-modified",
            "accept-ranges", "content-range", "content-length");

    /**
     * Erases what must differ: the ports, the server token in error pages, and the documented
     * divergences in what the origin receives (HTTP/1.1 keep-alive upstream instead of
     * "Connection: close"; framing headers regenerated for the body actually sent).
     */
    static String normalise(String s, int port) {
        // stub_status counters differ between two servers; its format must not.
        if (s.contains("body:\nActive connections: ")) s = s.replaceAll("\\d+", "N");
        String out = s.replace(":" + port, ":PORT").replace("nginx/1.22.1", "SERVER").replace("<center>hotgates</center>", "<center>SERVER</center>");
        StringBuilder sb = new StringBuilder();
        boolean proxiedBody = out.contains("\nbody:\nmethod: ");
        // An error page's length differs by the server token's length.
        boolean page = out.contains("<center>SERVER</center>");
        for (String line : out.split("\n", -1)) {
            if (line.startsWith("header connection:")) continue;
            // Documented divergence: Proxy-Connection is hop-by-hop for us, nginx forwards it.
            if (line.startsWith("header proxy-connection:")) continue;
            if ((proxiedBody || page) && line.startsWith("content-length: ")) continue;
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
