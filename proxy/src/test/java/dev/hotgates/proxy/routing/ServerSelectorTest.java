package dev.hotgates.proxy.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hotgates.proxy.Configs;
import dev.hotgates.proxy.config.ProxyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerSelectorTest {

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0}:{1} -> {2}")
    @CsvSource({
        "example.com, 80, 2", "EXAMPLE.com., 80, 2", "www.example.com, 80, 3", "a.b.example.com, 80, 3",
        "mail.example.org, 80, 4", "unknown, 80, 5", ", 80, 5", "unknown, 81, 6", "api.test, 80, 7", "API.test, 80, 7", "v2.test, 80, 8", "vx.test, 80, 5"})
    void choosesLikeNginx(String host, int port, int line) {
        ProxyConfig c = Configs.load(dir, """
                http {
                server { listen 80; server_name example.com; }
                server { listen 80; server_name *.example.com; }
                server { listen 80; server_name mail.*; }
                server { listen 80 default_server; server_name _; }
                server { listen 81; }
                server { listen 80; server_name ~^api\\.; }
                server { listen 80; server_name ~^V\\d\\.; }
                }
                """);
        assertEquals(line, ServerSelector.select(c.servers(), port, host, null).line());
    }
}
