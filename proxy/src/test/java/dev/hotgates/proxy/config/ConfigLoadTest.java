package dev.hotgates.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotgates.proxy.Configs;
import dev.hotgates.proxy.config.Model.Match;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoadTest {

    @TempDir
    Path dir;

    @Test
    void parsesQuotesCommentsAndBracedVariables() {
        ProxyConfig c = Configs.server(dir, """
                # a comment; with { braces }
                location = "/a b" { return 200 'say "${uri}"'; }
                location /x { add_header X-Y "a;b" always; }
                """);
        Location l = c.servers().get(0).locations().get(0);
        assertEquals("/a b", l.pattern());
        assertEquals(Match.EXACT, l.match());
        assertEquals("say \"${uri}\"", l.settings().ret().text().source());
        Model.AddHeader h = c.servers().get(0).locations().get(1).settings().addHeaders().get(0);
        assertEquals("a;b", h.value().source());
        assertTrue(h.always());
    }

    @Test
    void includeGlobsAreRelativeToTheFileAndSorted() {
        Configs.write(dir, "conf.d/b.conf", "server { listen 2; }");
        Configs.write(dir, "conf.d/a.conf", "server { listen 1; }");
        ProxyConfig c = Configs.load(dir, "events {}\nhttp { include conf.d/*.conf; }\n");
        assertEquals(List.of(1, 2), c.servers().stream().map(s -> s.listens().get(0).port()).toList());
    }

    @Test
    void arrayDirectivesInheritOnlyWhenTheLevelHasNone() {
        ProxyConfig c = Configs.load(dir, """
                http {
                  proxy_set_header A 1;
                  add_header H 1;
                  server {
                    location /inherits { }
                    location /own { proxy_set_header B 2; add_header H2 2; }
                  }
                }
                """);
        List<Location> locs = c.servers().get(0).locations();
        assertEquals(List.of("A"), locs.get(0).settings().proxySetHeaders().stream().map(Model.SetHeader::name).toList());
        assertEquals(List.of("B"), locs.get(1).settings().proxySetHeaders().stream().map(Model.SetHeader::name).toList());
        assertEquals(List.of("H2"), locs.get(1).settings().addHeaders().stream().map(Model.AddHeader::name).toList());
    }

    @Test
    void settingsWrittenAfterALocationStillApplyToIt() {
        ProxyConfig c = Configs.server(dir, "location /a { }\nroot /srv;\nclient_max_body_size 5m;");
        Settings s = c.servers().get(0).locations().get(0).settings();
        assertEquals("/srv", s.root());
        assertEquals(5L * 1024 * 1024, s.clientMaxBodySize());
    }

    @Test
    void proxyPassBelongsToItsOwnLevel() {
        ProxyConfig c = Configs.server(dir, "location /a/ { proxy_pass http://b:8080/x/; location /a/b/ { } }");
        Location a = c.servers().get(0).locations().get(0);
        assertEquals("/x/", a.settings().proxyPass().uriPart());
        assertEquals("b:8080", a.settings().proxyPass().proxyHost());
        assertNull(a.children().get(0).settings().proxyPass());
        assertTrue(a.autoRedirect());
        assertFalse(a.children().get(0).autoRedirect());
    }

    @Test
    void proxyPassToAnUpstreamBlockByName() {
        ProxyConfig c = Configs.load(dir, "http { upstream app { server a:1; server b:2 weight=3; keepalive 8; }"
                + " server { location / { proxy_pass http://app; } location /p { proxy_pass http://app:9; } } }");
        assertEquals("app", c.servers().get(0).locations().get(0).settings().proxyPass().upstream());
        assertNull(c.servers().get(0).locations().get(1).settings().proxyPass().upstream());
        assertEquals(8, c.upstreams().get("app").keepalive());
        assertEquals(3, c.upstreams().get("app").servers().get(1).weight());
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "60s,60000", "1m,60000", "1m30s,90000", "2,2000", "1h,3600000"})
    void timesParseLikeNginx(String text, long millis) {
        assertEquals(millis, Values.millis(new Directive("t", List.of(), null, "f", 1), text));
    }

    @ParameterizedTest
    @CsvSource({"512,512", "8k,8192", "8K,8192", "1m,1048576", "1g,1073741824", "0,0"})
    void sizesParseLikeNginx(String text, long bytes) {
        assertEquals(bytes, Values.bytes(new Directive("s", List.of(), null, "f", 1), text));
    }

    @Test
    void warnsAboutTheProxyPassPitfalls() {
        ProxyConfig c = Configs.server(dir, "location /a { proxy_pass http://b/; }\nlocation /c/ { proxy_pass http://b/api; }\n"
                + "location /ok/ { proxy_pass http://b/api/; }");
        assertEquals(2, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("double slash"), c.warnings().get(0));
        assertTrue(c.warnings().get(1).contains("glued segments"), c.warnings().get(1));
    }

    @Test
    void everyDocumentedDirectiveIsKnown() {
        for (String d : List.of("worker_processes", "worker_connections", "error_log", "pid", "listen", "server_name",
                "location", "root", "alias", "index", "try_files", "autoindex", "types", "default_type", "etag", "sendfile",
                "return", "add_header", "error_page", "client_max_body_size", "client_header_timeout",
                "client_body_timeout", "send_timeout", "keepalive_timeout", "keepalive_requests",
                "large_client_header_buffers", "access_log", "log_format", "allow", "deny", "stub_status", "map",
                "proxy_pass", "proxy_set_header", "proxy_hide_header", "proxy_pass_header", "proxy_http_version",
                "proxy_connect_timeout", "proxy_read_timeout", "proxy_send_timeout", "proxy_redirect",
                "proxy_intercept_errors", "proxy_buffering", "upstream", "keepalive")) {
            assertTrue(DirectiveSchema.names().contains(d), d);
        }
    }
}
