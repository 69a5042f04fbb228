package dev.hotgates.proxy.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.flow.FlowControlHandler;

/** The client pipeline: decode, encode, one message per read, then our handler. */
final class ProxyInitializer extends ChannelInitializer<SocketChannel> {

    private final ProxyRuntime runtime;
    private final HttpDecoderConfig decoderConfig;

    ProxyInitializer(ProxyRuntime runtime) {
        this.runtime = runtime;
        // large_client_header_buffers 4 8k: a request line over 8k is a 414, all headers over 32k a 400.
        this.decoderConfig = decoderConfig(runtime.largeHeaderBuffer());
    }


    static HttpDecoderConfig decoderConfig(int buffer) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(buffer)
                .setMaxHeaderSize(4 * buffer)
                .setMaxChunkSize(64 * 1024)
                .setUseRfc9112TransferEncoding(true)
                .setHeadersFactory(CountingHeaders.FACTORY);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        int port = ch.localAddress().getPort();
        if (runtime.tls.isTlsPort(port)) ch.pipeline().addLast("tls-detect", new TlsDetector(runtime.tls.mapping(port)));
        pipeline(ch.pipeline(), runtime, decoderConfig);
    }

    /** The stages, also used by tests on an EmbeddedChannel. */
    static void pipeline(ChannelPipeline p, ProxyRuntime runtime, HttpDecoderConfig decoderConfig) {
        p.addLast("decoder", new HttpRequestDecoder(decoderConfig));
        p.addLast("encoder", new HttpResponseEncoder());
        p.addLast("flow", new FlowControlHandler());
        p.addLast("client", new ClientHandler(runtime));
    }
}
