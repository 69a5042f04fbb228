package dev.hotgates.proxy.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Start-up work done ahead, on two threads, for a process about to serve (bench/RESULTS.md, G).
 * {@code Main} runs {@link #transport} on a thread of its own as soon as it starts, and
 * {@link #meanwhile} on the main thread once the configuration is read; a server constructed
 * afterwards waits for the transport's choice.
 */
public final class Preload {

    private Preload() { }

    /**
     * What start-up waits on longest: choosing the socket layer loads its native library and runs
     * Netty's platform checks, a tenth of a second or more.
     */
    public static void transport() {
        Transport.best();
    }

    /**
     * JDK work that would otherwise fall on the way to the first answer, done while the main
     * thread would wait for the transport. Nothing here touches a Netty class that logs, so it
     * never waits on the other thread.
     * <ul>
     * <li>Whether Flight Recorder is available: Netty's platform checks ask, and the first asking
     *     loads and starts part of {@code jdk.jfr} (25–55 ms here).
     * <li>The {@code @Skip} annotations on Netty's handler adapters, which Netty reads to know
     *     which events each handler takes, and {@code @Sharable}, which it looks for on each
     *     handler it adds: reading annotations the first time generates proxy classes for them
     *     (about 50 ms, on the main thread as it bound the listeners).
     * </ul>
     */
    public static void meanwhile() {
        try {
            jdk.jfr.FlightRecorder.isAvailable();
        } catch (LinkageError noJfrInThisRuntime) {
            // Netty finds the same and goes on without it
        }
        for (Class<?> adapter : List.of(ChannelInboundHandlerAdapter.class, ChannelOutboundHandlerAdapter.class, ChannelDuplexHandler.class)) {
            for (Method m : adapter.getMethods()) m.getDeclaredAnnotations();
        }
        ChannelInitializer.class.getAnnotations();
    }
}
