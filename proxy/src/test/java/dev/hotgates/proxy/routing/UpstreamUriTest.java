package dev.hotgates.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hotgates.proxy.Configs;
import dev.hotgates.proxy.config.Location;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The proxy_pass table of NGINX-SEMANTICS.md §2, pitfalls included. */
class UpstreamUriTest {

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "location {0} proxy_pass {1}: {2} -> {3}")
    @CsvSource({
        "/proxy/, http://b:8080/,     /proxy/abc.html,      /abc.html",
        "/proxy/, http://b:8080,      /proxy/abc.html,      /proxy/abc.html",
        "/proxy/, http://b:8080/api/, /proxy/abc.html,      /api/abc.html",
        "/proxy/, http://b:8080/api,  /proxy/abc.html,      /apiabc.html",
        "/proxy,  http://b:8080/api,  /proxy/abc.html,      /api/abc.html",
        "/proxy,  http://b:8080/,     /proxy/abc.html,      //abc.html",
        "/proxy,  http://b:8080/,     /proxyfoo,            /foo",
        "/proxy/, http://b:8080/,     /proxy/a?x=1&y=%20,   /a?x=1&y=%20",
        "/proxy/, http://b:8080,      /proxy//a/../b?q,     /proxy//a/../b?q",
        "/proxy/, http://b:8080/,     /proxy//a/../b?q,     /b?q",
        "/proxy/, http://b:8080/,     /proxy/a%20b,         /a%20b",
        "/proxy/, http://b:8080/,     /proxy/a%2Fb,         /a/b",
        "/proxy/, http://b:8080/x/,   /proxy/%7Euser,       /x/~user"})
    void rewritesLikeNginx(String location, String pass, String request, String upstream) throws Exception {
        Location loc = Configs.server(dir, "location " + location + " { proxy_pass " + pass + "; }").servers().get(0).locations().get(0);
        RequestTarget t = RequestTarget.parse(request);
        assertEquals(upstream, UpstreamUri.build(loc, loc.settings().proxyPass(), t, t.uri(), false, null));
    }
}
