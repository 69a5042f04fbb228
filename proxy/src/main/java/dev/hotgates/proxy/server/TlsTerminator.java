package dev.hotgates.proxy.server;

import dev.hotgates.proxy.config.Model.Listen;
import dev.hotgates.proxy.config.Model.Tls;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.config.ServerConfig;
import dev.hotgates.proxy.routing.ServerSelector;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.Mapping;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TLS for the {@code listen ... ssl} ports: one SslContext per server block, chosen by SNI with
 * nginx's server_name rules (no SNI, or no match: the port's default server). ALPN offers
 * {@code http/1.1}. Built once per configuration; a certificate or key that cannot be loaded is
 * an error at start-up (and a rejected reload), never at the first handshake.
 */
final class TlsTerminator {

    private final Map<ServerConfig, SslContext> contexts = new IdentityHashMap<>();
    private final Set<Integer> ports = new HashSet<>();
    private final List<ServerConfig> servers;

    TlsTerminator(ProxyConfig config) {
        this.servers = config.servers();
        for (ServerConfig s : servers) {
            for (Listen l : s.listens()) if (l.ssl()) ports.add(l.port());
        }
        for (ServerConfig s : servers) {
            boolean onTlsPort = s.listens().stream().anyMatch(l -> ports.contains(l.port()));
            if (onTlsPort && s.settings().tls() != null) contexts.put(s, context(s.settings().tls(), s));
        }
    }

    boolean isTlsPort(int port) {
        return ports.contains(port);
    }

    /** SNI name (null without SNI) → the context of the server nginx would choose on this port. */
    Mapping<String, SslContext> mapping(int port) {
        return host -> {
            ServerConfig s = ServerSelector.select(servers, port, host == null ? "" : host, null);
            SslContext c = s == null ? null : contexts.get(s);
            if (c != null) return c;
            ServerConfig def = ServerSelector.select(servers, port, "", null);
            return def == null ? null : contexts.get(def);
        };
    }

    private static SslContext context(Tls tls, ServerConfig s) {
        try {
            List<String> ciphers = ciphers(tls);
            return SslContextBuilder.forServer(new File(tls.certificate()), new File(tls.certificateKey() == null ? tls.certificate() : tls.certificateKey()))
                    .sslProvider(SslProvider.JDK)
                    .protocols(tls.protocols())
                    .ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE)
                    .sessionCacheSize(tls.sessionCacheSize())
                    .sessionTimeout(tls.sessionTimeoutSeconds())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (Exception | Error e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new IllegalStateException("cannot load certificate \"" + tls.certificate() + "\" or key \"" + tls.certificateKey()
                    + "\" of the server at " + s.where() + " (" + root.getMessage()
                    + "); certificates and keys are PEM, keys unencrypted PKCS#8 (\"BEGIN PRIVATE KEY\": "
                    + "openssl pkcs8 -topk8 -nocrypt converts others)", e);
        }
    }

    /**
     * {@code ssl_ciphers} in OpenSSL's syntax: named suites are converted to the JDK's names;
     * keywords (HIGH, !aNULL, ...) have no JDK equivalent, so a list of keywords only means the
     * JDK's own secure defaults. TLS 1.3 suites are not governed by ssl_ciphers, as in nginx.
     */
    static List<String> ciphers(Tls tls) {
        if (tls.ciphers() == null) return null;
        List<String> out = new ArrayList<>();
        for (String name : tls.ciphers().split("[:, ]+")) {
            if (name.isEmpty() || name.startsWith("!") || name.startsWith("-") || name.startsWith("+")) continue;
            String java = name.startsWith("TLS_") ? name : CipherSuiteConverter.toJava(name, "TLS");
            if (java != null) out.add(java);
        }
        if (out.isEmpty()) return null;
        if (tls.protocols().contains("TLSv1.3")) out.addAll(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"));
        return out;
    }
}
