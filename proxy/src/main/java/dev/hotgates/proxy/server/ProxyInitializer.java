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

    /** {@code runtime}: used until the server has published one to the event loop. */
    ProxyInitializer(ProxyRuntime runtime) {
        this.runtime = runtime;
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
        ProxyRuntime rt = LoopState.current().runtime;
        if (rt == null) rt = runtime;
        int port = ch.localAddress().getPort();
        if (rt.tls.isTlsPort(port)) ch.pipeline().addLast("tls-detect", new TlsDetector(rt.tls.mapping(port)));
        pipeline(ch.pipeline(), rt, rt.decoderConfig);
    }

    /** The stages, also used by tests on an EmbeddedChannel. */
    static void pipeline(ChannelPipeline p, ProxyRuntime runtime, HttpDecoderConfig decoderConfig) {
        p.addLast("decoder", new HttpRequestDecoder(decoderConfig));
        p.addLast("encoder", new HttpResponseEncoder());
        p.addLast("flow", new FlowControlHandler());
        p.addLast("client", new ClientHandler(runtime));
    }
}
