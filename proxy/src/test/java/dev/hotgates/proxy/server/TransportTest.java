package dev.hotgates.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The proxy leaves TCP_NODELAY to Netty's default (one system call fewer per connection), so
 * this checks that default on both ends of a connection for every transport the machine has:
 * without it a small answer could wait for Nagle's algorithm.
 */
class TransportTest {

    @Test
    void acceptedAndConnectedSocketsHaveNagleOff() throws Exception {
        List<Transport> transports = new ArrayList<>();
        transports.add(new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class));
        if (Epoll.isAvailable()) transports.add(new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class));
        if (IoUring.isAvailable()) transports.add(new Transport("io_uring", IoUringServerSocketChannel.class, IoUringSocketChannel.class));
        assertTrue(transports.contains(Transport.best()), "the chosen transport " + Transport.best().name() + " is among those checked");
        for (Transport t : transports) {
            EventLoopGroup group = t.group(1);
            try {
                CompletableFuture<Boolean> accepted = new CompletableFuture<>();
                Channel server = new ServerBootstrap().group(group).channel(t.serverChannel())
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                accepted.complete(ch.config().isTcpNoDelay());
                            }
                        })
                        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
                SocketChannel client = (SocketChannel) new Bootstrap().group(group).channel(t.channel())
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) { }
                        })
                        .connect(server.localAddress()).sync().channel();
                assertEquals(true, accepted.get(5, TimeUnit.SECONDS), t.name() + ": accepted socket");
                assertEquals(true, client.config().isTcpNoDelay(), t.name() + ": connected socket");
                client.close().sync();
                server.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }
}
