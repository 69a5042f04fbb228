package dev.hotgates.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS termination over real sockets, with certificates made by openssl for this run: SNI picks
 * the server (RSA and EC keys), ALPN says http/1.1, $scheme is https, plain HTTP on the TLS port
 * is nginx's 400 (or what error_page 497 says), and ssl_protocols is enforced.
 */
class TlsIT {

    @TempDir
    static Path dir;

    static ProxyHarness proxy;
    static SSLContext client;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(new java.io.File("/usr/bin/openssl").canExecute(),
                "SKIPPED: TlsIT needs /usr/bin/openssl to make its certificates (apt-get install openssl)");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Hot Gates test CA");
        for (String name : List.of("a.test", "b.test", "ec.test")) {
            if (name.equals("ec.test")) openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
            else openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".key");
            openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
            Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=DNS:" + name + "\n");
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
        }
        proxy = ProxyHarness.start(dir, """
                http {
                  server {
                    listen @PORT@ ssl;
                    server_name a.test;
                    ssl_certificate a.test.crt;
                    ssl_certificate_key a.test.key;
                    location / { return 200 "a $scheme $https $ssl_server_name\\n"; }
                    location = /away { return 302 /there; }
                    location /files/ { alias %s/; }
                  }
                  server {
                    listen @PORT@ ssl;
                    server_name b.test;
                    ssl_certificate b.test.crt;
                    ssl_certificate_key b.test.key;
                    ssl_protocols TLSv1.2;
                    error_page 497 https://$host$request_uri;
                    location / { return 200 "b $scheme\\n"; }
                  }
                  server {
                    listen @PORT@ ssl;
                    server_name ec.test;
                    ssl_certificate ec.test.crt;
                    ssl_certificate_key ec.test.key;
                    location / { return 200 "ec\\n"; }
                  }
                }
                """.formatted(dir));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(big);
        Files.write(dir.resolve("big.bin"), big);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) proxy.close();
    }

    static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + out);
    }

    /** One request over TLS with SNI {@code name} (null: none); returns the response and the peer's CN. */
    static String[] get(String name, String path, String... protocols) throws Exception {
        Socket plain = new Socket("127.0.0.1", proxy.port());
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(plain, name == null ? "127.0.0.1" : name, proxy.port(), true);
        try (s) {
            SSLParameters params = s.getSSLParameters();
            if (name != null) params.setEndpointIdentificationAlgorithm("HTTPS");
            else params.setServerNames(List.of());
            params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            if (protocols.length > 0) params.setProtocols(protocols);
            s.setSSLParameters(params);
            s.setSoTimeout(10_000);
            s.startHandshake();
            String cn = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + (name == null ? "a.test" : name) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            return new String[] {out.toString(StandardCharsets.ISO_8859_1), cn, s.getApplicationProtocol(), s.getSession().getProtocol()};
        }
    }

    @Test
    void sniChoosesTheServerAndItsCertificate() throws Exception {
        String[] a = get("a.test", "/");
        assertEquals("CN=a.test", a[1]);
        assertTrue(a[0].endsWith("\r\n\r\na https on a.test\n"), a[0]);
        String[] b = get("b.test", "/");
        assertEquals("CN=b.test", b[1]);
        assertTrue(b[0].endsWith("b https\n"), b[0]);
        String[] ec = get("ec.test", "/");
        assertEquals("CN=ec.test", ec[1], "an EC key works too");
        assertTrue(ec[0].endsWith("ec\n"), ec[0]);
    }

    @Test
    void staticFilesGoOutWholeOverTls() throws Exception {
        String r = get("a.test", "/files/big.bin")[0];
        byte[] expected = Files.readAllBytes(dir.resolve("big.bin"));
        int bodyAt = r.indexOf("\r\n\r\n") + 4;
        assertTrue(r.startsWith("HTTP/1.1 200 OK"), r.substring(0, Math.min(200, r.length())));
        assertEquals(expected.length, r.length() - bodyAt, "the whole 3 MiB file arrived");
        assertTrue(java.util.Arrays.equals(expected, r.substring(bodyAt).getBytes(StandardCharsets.ISO_8859_1)), "byte for byte");
    }

    @Test
    void withoutSniTheDefaultServerAnswers() throws Exception {
        String[] r = get(null, "/");
        assertEquals("CN=a.test", r[1]);
        assertTrue(r[0].endsWith("a https on \n"), r[0]);
    }

    @Test
    void alpnSelectsHttp11AndTls13IsTheDefault() throws Exception {
        String[] r = get("a.test", "/");
        assertEquals("http/1.1", r[2]);
        assertEquals("TLSv1.3", r[3]);
    }

    @Test
    void sslProtocolsIsEnforced() throws Exception {
        assertEquals("TLSv1.2", get("b.test", "/")[3], "b.test allows TLSv1.2 only");
        assertThrows(javax.net.ssl.SSLException.class, () -> get("b.test", "/", "TLSv1.3"), "a TLSv1.3-only client is refused by b.test");
        assertEquals("TLSv1.3", get("a.test", "/", "TLSv1.3")[3]);
    }

    @Test
    void redirectsAreAbsoluteWithHttps() throws Exception {
        String r = get("a.test", "/away")[0];
        assertTrue(r.contains("\r\nLocation: https://a.test:" + proxy.port() + "/there\r\n"), r);
    }

    @Test
    void plainHttpOnTheTlsPortIsNginxs400() throws Exception {
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n").read();
            assertEquals(400, r.status());
            assertTrue(r.text().contains("<center>The plain HTTP request was sent to HTTPS port</center>"), r.text());
            assertEquals("close", r.header("Connection"));
        }
        try (RawHttp c = new RawHttp(proxy.port())) {
            RawHttp.Response r = c.send("GET /x?y=1 HTTP/1.1\r\nHost: b.test\r\n\r\n").read();
            assertEquals(302, r.status(), "error_page 497 redirects to https");
            assertEquals("https://b.test/x?y=1", r.header("Location"));
        }
    }

    @Test
    void anUntrustedNameFailsTheHandshakeCheck() {
        // The client asks for a name no certificate covers: it gets the default server's
        // certificate (a.test), which its hostname check then refuses.
        assertThrows(SSLHandshakeException.class, () -> get("c.test", "/"));
    }
}
