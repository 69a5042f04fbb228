package dev.hotgates.proxy.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * The socket layer: io_uring where the kernel offers it, native epoll otherwise (containers whose
 * seccomp profile blocks io_uring, as Docker's default does), NIO elsewhere. {@code
 * -Dhotgates.transport=epoll|nio} picks one by hand.
 */
record Transport(String name, Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> channel) {

    /** The choice, made once per process (the first call loads the native library). */
    static Transport best() {
        return Chosen.BEST;
    }

    private static final class Chosen {
        static final Transport BEST = choose();
    }

    private static Transport choose() {
        String wanted = System.getProperty("hotgates.transport", "");
        if ((wanted.isEmpty() || wanted.equals("io_uring")) && IoUring.isAvailable()) {
            return new Transport("io_uring", IoUringServerSocketChannel.class, IoUringSocketChannel.class);
        }
        if ((wanted.isEmpty() || wanted.equals("epoll") || wanted.equals("io_uring")) && Epoll.isAvailable()) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** epoll reports readiness by descriptor number; see ProxyServer for why that needs an accepting loop of its own. */
    boolean acceptsOnOwnLoop() {
        return name.equals("epoll");
    }

    EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, switch (name) {
            case "io_uring" -> IoUringIoHandler.newFactory();
            case "epoll" -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        });
    }
}
