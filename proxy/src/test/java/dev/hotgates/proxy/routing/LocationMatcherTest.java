package dev.hotgates.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotgates.proxy.Configs;
import dev.hotgates.proxy.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** nginx-tests http_location.t and http_location_auto.t, plus nesting. */
class LocationMatcherTest {

    @TempDir
    static Path dir;

    private static ServerConfig server(String body) {
        return Configs.server(dir, body).servers().get(0);
    }

    private static final String NGINX_TESTS = """
            location = / { return 200 exact-root; }
            location / { return 200 root; }
            location ^~ /images/ { return 200 images; }
            location ~* \\.(gif|jpg|jpeg)$ { return 200 regex-gif; }
            location ~ casefull { return 200 casefull; }
            location = /foo { return 200 exact-foo; }
            location /foo { return 200 foo; }
            location = /foo/ { return 200 exact-foo-slash; }
            location /foo/ { return 200 foo-slash; }
            """;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/, = /", "/x, /", "/images/t.gif, ^~ /images/", "/t.gif, ~* \\.(gif|jpg|jpeg)$",
        "/t.GIF, ~* \\.(gif|jpg|jpeg)$", "/casefull/t.gif, ~* \\.(gif|jpg|jpeg)$", "/casefull/, ~ casefull",
        "/foo, = /foo", "/foobar, /foo", "/foo/, = /foo/", "/foo/bar, /foo/"})
    void nginxTestVectors(String uri, String expected) {
        LocationMatcher.Result r = LocationMatcher.find(server(NGINX_TESTS).locations(), uri, null);
        String label = r.location().match().symbol.isEmpty() ? r.location().pattern()
                : r.location().match().symbol + " " + r.location().pattern();
        assertEquals(expected, label);
    }

    @Test
    void autoRedirectForProxiedPrefixEvenWithSiblings() {
        ServerConfig s = server("""
                location /a/ { proxy_pass http://127.0.0.1:1; }
                location /a-a { return 200 a; }
                location /a-b { return 200 b; }
                location / { return 200 root; }
                """);
        LocationMatcher.Result r = LocationMatcher.find(s.locations(), "/a", null);
        assertTrue(r.slashRedirect());
        assertEquals("/a/", r.location().pattern());
    }

    @Test
    void exactLocationOptsOutOfTheAutoRedirect() {
        ServerConfig s = server("location /a/ { proxy_pass http://127.0.0.1:1; }\nlocation = /a { return 200 x; }");
        LocationMatcher.Result r = LocationMatcher.find(s.locations(), "/a", null);
        assertFalse(r.slashRedirect());
        assertEquals("/a", r.location().pattern());
    }

    @Test
    void noAutoRedirectWithoutProxyPass() {
        ServerConfig s = server("location /a/ { root /tmp; }");
        LocationMatcher.Result r = LocationMatcher.find(s.locations(), "/a", null);
        assertNull(r.location());
        assertFalse(r.slashRedirect());
    }

    @Test
    void nestedLocationsAreSearchedInsideTheLongestPrefix() {
        ServerConfig s = server("""
                location /app/ {
                    location /app/static/ { return 200 static; }
                    location ~ \\.php$ { return 200 php; }
                }
                location ~ \\.php$ { return 200 outer-php; }
                """);
        assertEquals("/app/static/", LocationMatcher.find(s.locations(), "/app/static/x.css", null).location().pattern());
        assertEquals("\\.php$", LocationMatcher.find(s.locations(), "/app/x.php", null).location().pattern());
        assertEquals("/app/", LocationMatcher.find(s.locations(), "/app/x.css", null).location().pattern());
        assertEquals("\\.php$", LocationMatcher.find(s.locations(), "/other/x.php", null).location().pattern());
    }

    @Test
    void regexCapturesAreKept() {
        ServerConfig s = server("location ~ ^/user/(\\d+)$ { return 200 $1; }");
        LocationMatcher.Result r = LocationMatcher.find(s.locations(), "/user/42", null);
        assertEquals("42", r.captures().group(1));
    }

    @Test
    void fileOrderOfPrefixesDoesNotMatter() {
        ServerConfig a = server("location /a/b/ { }\nlocation /a/ { }");
        ServerConfig b = server("location /a/ { }\nlocation /a/b/ { }");
        assertEquals("/a/b/", LocationMatcher.find(a.locations(), "/a/b/c", null).location().pattern());
        assertEquals("/a/b/", LocationMatcher.find(b.locations(), "/a/b/c", null).location().pattern());
    }

    @Test
    void traceExplainsEveryLocation() {
        List<String> steps = new ArrayList<>();
        LocationMatcher.find(server(NGINX_TESTS).locations(), "/images/t.gif", steps::add);
        assertTrue(steps.stream().anyMatch(x -> x.contains("^~: regexes are skipped")), steps.toString());
        assertTrue(steps.get(steps.size() - 1).startsWith("=> location ^~ /images/"), steps.toString());
    }
}
