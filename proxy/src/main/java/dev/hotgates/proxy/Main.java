package dev.hotgates.proxy;

import dev.hotgates.proxy.config.ConfigError;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.server.Explainer;
import dev.hotgates.proxy.server.Preload;
import dev.hotgates.proxy.server.ProxyServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line, shaped like nginx's: {@code -c FILE}, {@code -t}, {@code -v}, and our own
 * {@code explain METHOD URL [Header:value ...]}.
 */
public final class Main {

    static final String NAME = "proxy";

    private Main() { }

    public static void main(String[] args) {
        // Netty's buffer events for Flight Recorder register themselves with JFR on the first
        // allocation, about 130 ms before the first response; they stay available on request.
        if (System.getProperty("io.netty.jfr.enabled") == null) System.setProperty("io.netty.jfr.enabled", "false");
        // Netty's leak detector records a stack trace for one buffer in 128 (0.7 % of the loop's
        // time serving small files). The tests run it at "paranoid" on every buffer; a running
        // proxy has it when -Dio.netty.leakDetection.level=simple (or higher) is given.
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        startQuickly();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Start-up without work the proxy does not need (bench/RESULTS.md, G). Each of these was a
     * look through every jar on the class path, opening each one, before the first answer:
     * SLF4J's search for its binding, and NIO's for a selector provider (Netty's native
     * transports open a selector when they load). Both are named instead, as what the search
     * would find; a property given on the command line wins. (How long the JVM caches name
     * lookups is set as a configuration is loaded, and only for one that looks names up:
     * UpstreamResolver.)
     */
    private static void startQuickly() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
            // SLF4J would announce the choice on standard error at every start; its warnings stay
            if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        String selectors = "java.nio.channels.spi.SelectorProvider";
        if (System.getProperty(selectors) == null) {
            try {
                Class.forName("sun.nio.ch.EPollSelectorProvider", false, null);
                System.setProperty(selectors, "sun.nio.ch.EPollSelectorProvider");
            } catch (ClassNotFoundException notLinux) {
                // the JDK's default provider is found by the search
            }
        }
    }

    /** Runs the command; returns the exit code (a started server returns only when stopped). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String env = System.getenv("PROXY_CONF");
        Path conf = Path.of(env != null && !env.isEmpty() ? env : "conf/proxy.conf");
        boolean test = false;
        boolean explain = false;
        String signal = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c" -> {
                    if (++i >= args.length) return usage(err, "option \"-c\" requires file name");
                    conf = Path.of(args[i]);
                }
                case "-t" -> test = true;
                case "-s" -> {
                    if (++i >= args.length) return usage(err, "option \"-s\" requires parameter");
                    signal = args[i];
                }
                case "-v", "-V" -> {
                    err.println(NAME + " version: hotgates/" + version());
                    return 0;
                }
                case "-h", "-?" -> {
                    return usage(out, null) == 2 ? 0 : 0;
                }
                case "explain" -> explain = true;
                default -> {
                    if (args[i].startsWith("-") && !explain) return usage(err, "invalid option: \"" + args[i] + "\"");
                    rest.add(args[i]);
                }
            }
        }
        if (!test && !explain && signal == null) {
            Thread prepare = new Thread(Preload::transport, "prepare");
            prepare.setDaemon(true);
            prepare.start();
        }
        ProxyConfig config;
        try {
            config = ProxyConfig.load(conf);
        } catch (ConfigError e) {
            err.println(NAME + ": [emerg] " + e.getMessage());
            if (test) err.println(NAME + ": configuration file " + conf + " test failed");
            return 1;
        }
        if (signal != null) return Control.send(config, signal, err);
        if (!explain) config.warnings().forEach(w -> err.println(NAME + ": [warn] " + w));
        if (test) {
            try {
                ProxyServer.check(config);
            } catch (IllegalStateException e) {
                err.println(NAME + ": [emerg] " + e.getMessage());
                err.println(NAME + ": configuration file " + conf + " test failed");
                return 1;
            }
            err.println(NAME + ": the configuration file " + conf + " syntax is ok");
            err.println(NAME + ": configuration file " + conf + " test is successful");
            return 0;
        }
        if (explain) {
            if (rest.size() < 2) return usage(err, "explain needs METHOD and URL");
            out.print(Explainer.explain(config, rest.get(0), rest.get(1), rest.subList(2, rest.size())));
            return 0;
        }
        return serve(config, conf, err);
    }

    private static int serve(ProxyConfig config, Path conf, PrintStream err) {
        ProxyServer server;
        try {
            dev.hotgates.proxy.statics.RootCheck.check(config).forEach(w -> err.println(NAME + ": [warn] " + w));
            Preload.meanwhile();
            server = new ProxyServer(config).start();
        } catch (Exception e) {
            err.println(NAME + ": [emerg] " + e.getMessage());
            return 1;
        }
        try {
            Files.writeString(Path.of(config.pidPath()), ProcessHandle.current().pid() + "\n");
        } catch (Exception e) {
            err.println(NAME + ": [emerg] open() \"" + config.pidPath() + "\" failed (" + e.getMessage() + ")");
            server.close();
            return 1;
        }
        Control.install(server, conf, config.shutdownTimeoutMs(), err);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            main.interrupt();
        }, "shutdown"));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int usage(PrintStream s, String problem) {
        if (problem != null) s.println(NAME + ": " + problem);
        s.println("Usage: proxy [-c FILE] [-t] [-v] [-s reload|reopen|stop|quit]\n       proxy explain [-c FILE] METHOD URL [Header:value ...]");
        return 2;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
