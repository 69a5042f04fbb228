package dev.hotgates.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hotgates.proxy.Configs;
import dev.hotgates.proxy.observe.Stats;
import java.nio.file.Path;
import java.security.Security;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration whose connections look names up through the system resolver stops the JVM from
 * remembering failed lookups before its first connection: a service that registers its name in
 * DNS just after a failed lookup is reached at once, not 10 s later. One with addresses only
 * leaves the JDK's settings alone (setting them costs start-up time).
 */
class NameLookupsTest {

    private static final String TTL = "networkaddress.cache.ttl";
    private static final String NEGATIVE = "networkaddress.cache.negative.ttl";
    @TempDir
    Path dir;
    private String ttl;
    private String negative;

    @BeforeEach
    void asJavaSecurityShips() {
        ttl = Security.getProperty(TTL);
        negative = Security.getProperty(NEGATIVE);
        Security.setProperty(TTL, "30");
        Security.setProperty(NEGATIVE, "10");
    }

    @AfterEach
    void restore() {
        if (ttl != null) Security.setProperty(TTL, ttl);
        if (negative != null) Security.setProperty(NEGATIVE, negative);
    }

    private String negativeTtlAfterLoading(String http) throws Exception {
        try (ProxyRuntime rt = new ProxyRuntime(Configs.load(dir, "events {}\nhttp {\n" + http + "\n}\n"), new Stats(), Transport.best())) {
            return Security.getProperty(NEGATIVE);
        }
    }

    @Test
    void aNameInProxyPassIsLookedUpAtEachConnection() throws Exception {
        assertEquals("0", negativeTtlAfterLoading("server { listen 8080; location / { proxy_pass http://localhost:9000; } }"));
        assertEquals("1", Security.getProperty(TTL));
    }

    @Test
    void aNameOnAPlainServerLineToo() throws Exception {
        assertEquals("0", negativeTtlAfterLoading("upstream app { server localhost:9000; }\n"
                + "server { listen 8080; location / { proxy_pass http://app; } }"));
    }

    @Test
    void variablesInProxyPassMayNameAnyHost() throws Exception {
        assertEquals("0", negativeTtlAfterLoading("server { listen 8080; location / { proxy_pass http://$host:9000; } }"));
    }

    @Test
    void resolveWithoutAResolverAsksTheSystemOnASchedule() throws Exception {
        assertEquals("0", negativeTtlAfterLoading("upstream app { server localhost:9000 resolve; }\n"
                + "server { listen 8080; location / { proxy_pass http://app; } }"));
    }

    @Test
    void addressesAndNamesForAResolverNeedNoneOfIt() throws Exception {
        assertEquals("10", negativeTtlAfterLoading("upstream app { server 127.0.0.1:9000; server [::1]:9001; }\n"
                + "upstream named { resolver 127.0.0.1:1 valid=60s; server app.internal:9000 resolve; }\n"
                + "server { listen 8080; location / { proxy_pass http://app; } location /n/ { proxy_pass http://named; }"
                + " location /direct/ { proxy_pass http://127.0.0.1:9002; } }"));
    }
}
