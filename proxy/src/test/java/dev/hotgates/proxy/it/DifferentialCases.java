package dev.hotgates.proxy.it;

import dev.hotgates.proxy.statics.FileResponses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The requests each differential configuration is checked with. */
final class DifferentialCases {

    record Case(String method, String target, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return method + " " + (target.length() > 60 ? target.substring(0, 60) + "..." : target) + (headers.isEmpty() ? "" : " " + abbreviate(headers.toString())) + (body == null ? "" : " body=" + body.length());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "...}" : s;
    }

    private final List<Case> cases = new ArrayList<>();

    private DifferentialCases get(String... targets) {
        for (String t : targets) cases.add(new Case("GET", t, Map.of(), null));
        return this;
    }

    private DifferentialCases req(String method, String target, String body, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) h.put(headers[i], headers[i + 1]);
        cases.add(new Case(method, target, h, body));
        return this;
    }

    static List<Case> forConfig(String name, Path root) {
        DifferentialCases d = new DifferentialCases();
        switch (name) {
            case "1-locations" -> d.get("/", "/x", "/images/t.gif", "/t.gif", "/t.GIF", "/casefull/t.gif", "/casefull/",
                            "/foo", "/foobar", "/foo/", "/foo/bar", "/p1/abc.html", "/p1/abc?x=1&y=2", "/p2/abc.html",
                            "/p3/abc.html", "/p4/abc.html", "/p5/abc.html", "/p6/abc.html", "/p6foo", "/p1", "/p1?q=1",
                            "/a", "/a-a", "/nest/inner/x", "/nest/x.php", "/nest/other", "/p1/a%20b", "/p1//x/../y",
                            "/p2//x/../y?k=v", "/x/%2e%2e/y", "/../x", "/p1/%7Euser", "/p1/a%2Fb", "/IMAGES/t.gif")
                    .req("POST", "/p1/post", "hello=world", "Content-Type", "application/x-www-form-urlencoded")
                    .req("HEAD", "/p1/head", null)
                    .req("DELETE", "/p2/thing", null);
            case "2-static" -> {
                String etag = etag(root.resolve("a.txt"));
                d.get("/", "/index.html", "/a.txt", "/style.css", "/img.gif", "/nofile", "/dir", "/dir?x=1", "/dir/",
                                "/noindex/", "/al/", "/al/page.html", "/tf/nothing", "/tf/dir", "/tf/a.txt", "/tf404/x",
                                "/ai/", "/noetag/a.txt", "/unknown.xyz", "/sp%20ace.txt", "/idx2/", "/dir/../a.txt",
                                "/refused/compact_memory")
                        .req("GET", "/big.txt", null, "Range", "bytes=0-9")
                        .req("GET", "/big.txt", null, "Range", "bytes=9990-")
                        .req("GET", "/big.txt", null, "Range", "bytes=-5")
                        .req("GET", "/big.txt", null, "Range", "bytes=99999-")
                        .req("GET", "/a.txt", null, "If-None-Match", etag)
                        .req("GET", "/a.txt", null, "If-None-Match", "\"other\"")
                        .req("GET", "/a.txt", null, "If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT")
                        .req("GET", "/a.txt", null, "If-Modified-Since", "Tue, 14 Nov 2023 22:13:21 GMT")
                        .req("POST", "/a.txt", "x")
                        .req("POST", "/nofile", "x")
                        .req("HEAD", "/a.txt", null)
                        .req("DELETE", "/a.txt", null);
            }
            case "3-responses" -> d.get("/r1", "/r2", "/r3?a=b", "/r4", "/r5", "/r6", "/r7", "/ah", "/ah2", "/deny",
                    "/deny2/a.txt", "/allow/a.txt", "/deny3/a.txt", "/ep/missing", "/ep2/missing", "/down/x",
                    "/nothing-here", "/ep3/missing", "/status").req("HEAD", "/r3", null).req("POST", "/r3?p=1", "body")
                    .get("/" + "a".repeat(9000))
                    .req("GET", "/r3", null, "X-Big", "b".repeat(9000));
            case "4-headers" -> d.req("GET", "/h1/echo", null, "X-Forwarded-For", "1.2.3.4", "X-Custom", "kept")
                    .req("GET", "/h2/echo", null, "X-Forwarded-For", "1.2.3.4", "Host", "Example.COM:8080", "Accept-Encoding", "gzip")
                    .req("GET", "/h2/echo", null)
                    .req("GET", "/h1/echo", null, "Connection", "close", "Keep-Alive", "timeout=5", "TE", "trailers",
                            "Upgrade", "websocket", "Proxy-Connection", "keep-alive")
                    .get("/h3/echo", "/h4/redirect", "/h5/redirect", "/h6/echo", "/h6/status/404", "/h6/status/500",
                            "/h7/status/404", "/h7/status/500", "/h8/redirect", "/h1/status/201")
                    .req("HEAD", "/h1/echo", null)
                    .req("PUT", "/h1/echo", "put body", "Content-Type", "text/plain")
                    .req("OPTIONS", "/h1/echo", null);
            case "5-names-maps" -> d.req("GET", "/x", null, "Host", "one.test")
                    .req("GET", "/api/y", null, "Host", "one.test", "X-Tier", "gold")
                    .req("GET", "/exact", null, "Host", "two.test", "X-Tier", "platinum7")
                    .req("GET", "/q?a=1&b=2", null, "Host", "deep.wild.test")
                    .req("GET", "/q", null, "Host", "unknown.test")
                    .req("GET", "/q", null, "Host", "www.anything.org")
                    .req("GET", "/q", null, "Host", "ONE.TEST.")
                    .req("GET", "/q", null, "Host", "one.test:9999");
            case "6-upstreams" -> d.get("/u/x", "/u2/y?z=1", "/u", "/u2")
                    .req("POST", "/small", "12345")
                    .req("POST", "/small", "this body is longer than ten bytes")
                    .req("HEAD", "/u/x", null)
                    .req("PUT", "/u/put", "data", "Content-Type", "application/json")
                    .req("PATCH", "/u2/patch", "p");
            default -> throw new IllegalArgumentException(name);
        }
        return d.cases;
    }

    private static String etag(Path p) {
        try {
            return FileResponses.etag(Files.readAttributes(p, BasicFileAttributes.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
