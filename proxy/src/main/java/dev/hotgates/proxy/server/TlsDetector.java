package dev.hotgates.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.Mapping;
import java.util.List;

/**
 * First on a TLS port: looks at the first bytes. A TLS record hands the connection to SNI and
 * TLS; anything else is plain HTTP sent to an HTTPS port, which nginx reads and answers with
 * {@code 400 The plain HTTP request was sent to HTTPS port} (its internal code 497).
 */
final class TlsDetector extends ByteToMessageDecoder {

    static final AttributeKey<Boolean> PLAIN_ON_TLS_PORT = AttributeKey.valueOf("hotgates.plainOnTlsPort");

    private final Mapping<String, SslContext> mapping;

    TlsDetector(Mapping<String, SslContext> mapping) {
        this.mapping = mapping;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) return;
        if (SslHandler.isEncrypted(in, false)) {
            // Static files go out as ChunkedNioFile over TLS (no sendfile through encryption).
            ctx.pipeline().addAfter(ctx.name(), "chunked", new io.netty.handler.stream.ChunkedWriteHandler());
            ctx.pipeline().replace(this, "sni", new SniHandler(mapping) {
                @Override
                protected void replaceHandler(ChannelHandlerContext c, String hostname, SslContext context) throws Exception {
                    if (hostname != null) c.channel().attr(Secure.SNI_NAME).set(hostname);
                    super.replaceHandler(c, hostname, context);
                }
            });
        } else {
            ctx.channel().attr(PLAIN_ON_TLS_PORT).set(Boolean.TRUE);
            ctx.pipeline().remove(this);
        }
    }
}
