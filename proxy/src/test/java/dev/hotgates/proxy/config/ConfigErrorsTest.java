package dev.hotgates.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hotgates.proxy.Configs;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every configuration error names file and line in nginx's words. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        foo on;                                                  | 1 | unknown directive "foo"
        http { server { listen 80; foo; } }                      | 1 | unknown directive "foo"
        http {\\n server {\\n  proxy_pass http://a;\\n }\\n}       | 3 | "proxy_pass" directive is not allowed here
        http { server { listen; } }                              | 1 | invalid number of arguments in "listen" directive
        http { server { listen 80 }                              | 1 | unexpected "}"
        http { server { listen 80; }                             | 1 | unexpected end of file, expecting "}"
        http { server { root /a }; }                             | 1 | unexpected "}"
        events { worker_connections 10 }                         | 1 | unexpected "}"
        http { server; }                                         | 1 | directive "server" has no opening "{"
        http { server { root /a { } } }                          | 1 | directive "root" is not terminated by ";"
        http { server { location ~ /x { proxy_pass http://b/; } } } | 1 | "proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block
        http { server { location @n { proxy_pass http://b/x; } } }  | 1 | "proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block
        http { server { location /a { } location /a { } } }     | 1 | duplicate location "/a"
        http { server { autoindex maybe; } }                     | 1 | invalid value "maybe" in "autoindex" directive, it must be "on" or "off"
        http { server { listen 99999; } }                        | 1 | invalid port in "99999" of the "listen" directive
        http { server { return 200 $nosuch; } }                  | 1 | unknown "nosuch" variable
        http { server { keepalive_timeout 5x; } }                | 1 | "keepalive_timeout" directive invalid value "5x"
        http { server { client_max_body_size 1q; } }             | 1 | "client_max_body_size" directive invalid value "1q"
        http { server { client_body_min_rate 1k 5parsecs; } }    | 1 | "client_body_min_rate" directive invalid value "5parsecs"
        http { server { server_name ~[a; } }                     | 1 | pcre_compile() failed: Unclosed character class in "[a"
        http {\\n\\n return 200 a\\0b; }                            | 3 | unexpected NUL character
        http { server { location /a { location /b { } } } }      | 1 | location "/b" is outside location "/a"
        http { server { location = /a { location /a/b { } } } }  | 1 | location "/a/b" cannot be inside the exact location "/a"
        http { server { access_log /dev/null nosuch; } }         | 1 | unknown log format "nosuch"
        http { server { proxy_pass_header; } }                   | 1 | invalid number of arguments in "proxy_pass_header" directive
        http { upstream u { } }                                  | 1 | no servers are inside upstream
        http { upstream u { server a:1 weight=0; } }             | 1 | invalid value "0"
        http { server { location / { proxy_pass ftp://x; } } }   | 1 | invalid URL prefix in "ftp://x"
        http { server { error_page 200 /x; } }                   | 1 | value "200" must be between 300 and 599
        http { server { allow 10.0.0.0/33; } }                   | 1 | invalid parameter "10.0.0.0/33"
        http { server { return abc; } }                          | 1 | invalid return code "abc"
        server { }                                               | 1 | "server" directive is not allowed here
        http { include nosuch.conf; }                            | 1 | open() "DIR/nosuch.conf" failed (2: No such file or directory)
        """)
    void reportsNginxMessageWithFileAndLine(String text, int line, String message) {
        String conf = text.replace("\\n", "\n").replace("\\0", "\0");
        Path file = Configs.write(dir, "bad.conf", conf);
        ConfigError e = assertThrows(ConfigError.class, () -> ProxyConfig.load(file));
        String expected = message.replace("DIR", dir.toString()) + " in " + file + ":" + line;
        assertEquals(expected, e.getMessage());
    }
}
