package dev.hotgates.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;

/** What a request learns from its connection's TLS: $https, $ssl_protocol, $ssl_server_name. */
final class Secure {

    private Secure() { }

    static void describe(ChannelHandlerContext ctx, RequestContext req) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) return;
        req.sslProtocol = ssl.engine().getSession().getProtocol();
        String sni = ctx.channel().attr(SNI_NAME).get();
        req.sslServerName = sni;
    }

    static boolean plainOnTlsPort(ChannelHandlerContext ctx) {
        return ctx.channel().attr(TlsDetector.PLAIN_ON_TLS_PORT).get() != null;
    }

    /** The SNI name, recorded by the SniHandler as it hands over to TLS. */
    static final io.netty.util.AttributeKey<String> SNI_NAME = io.netty.util.AttributeKey.valueOf("hotgates.sni");
}
