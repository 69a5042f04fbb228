package dev.hotgates.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;

/**
 * What a connection's TLS tells its requests ($https, $ssl_protocol, $ssl_server_name), and
 * whether plain HTTP arrived on a TLS port. Looked up once per connection, at its first request
 * (the handshake is over by then), not per request.
 */
record Secure(String protocol, String serverName, boolean plainOnTlsPort) {

    /** The SNI name, recorded by the SniHandler as it hands over to TLS. */
    static final io.netty.util.AttributeKey<String> SNI_NAME = io.netty.util.AttributeKey.valueOf("hotgates.sni");

    static Secure of(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        boolean plain = ctx.channel().attr(TlsDetector.PLAIN_ON_TLS_PORT).get() != null;
        if (ssl == null) return new Secure(null, null, plain);
        return new Secure(ssl.engine().getSession().getProtocol(), ctx.channel().attr(SNI_NAME).get(), false);
    }

    void describe(RequestContext req) {
        req.sslProtocol = protocol;
        req.sslServerName = serverName;
    }
}
