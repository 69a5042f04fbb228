package dev.hotgates.proxy;

import dev.hotgates.proxy.config.ConfigError;
import dev.hotgates.proxy.config.ProxyConfig;
import dev.hotgates.proxy.server.ProxyServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import sun.misc.Signal;

/**
 * Signals, as nginx's master process takes them: {@code HUP} reloads the configuration (a broken
 * file is logged and the running configuration keeps serving), {@code USR1} reopens the access
 * logs, {@code TERM} (what {@code docker stop} sends) and {@code INT} stop gracefully: no new
 * connections, in-flight requests finish within {@code worker_shutdown_timeout}, exit 0.
 * {@code QUIT} stays the JVM's (a thread dump). {@code -s SIGNAL} sends one to the process named
 * in the pid file, as {@code nginx -s} does.
 */
final class Control {

    private static final Map<String, String> ACTIONS = Map.of("reload", "HUP", "reopen", "USR1", "stop", "TERM", "quit", "TERM");

    private Control() { }

    /** {@code -s reload|reopen|stop|quit}: returns the exit code. */
    static int send(ProxyConfig config, String action, PrintStream err) {
        String signal = ACTIONS.get(action);
        if (signal == null) {
            err.println(Main.NAME + ": invalid option: \"-s " + action + "\"");
            return 2;
        }
        String pidFile = config.pidPath();
        long pid;
        try {
            pid = Long.parseLong(Files.readString(Path.of(pidFile)).trim());
        } catch (Exception e) {
            err.println(Main.NAME + ": [error] open() \"" + pidFile + "\" failed (" + e.getMessage() + ")");
            return 1;
        }
        try {
            // The shell's kill builtin: slim images have no kill binary.
            Process kill = new ProcessBuilder("sh", "-c", "kill -s " + signal + " " + pid).inheritIO().start();
            int rc = kill.waitFor();
            if (rc != 0) err.println(Main.NAME + ": [error] kill(" + pid + ", SIG" + signal + ") failed");
            return rc == 0 ? 0 : 1;
        } catch (Exception e) {
            err.println(Main.NAME + ": [error] kill(" + pid + ", SIG" + signal + ") failed (" + e.getMessage() + ")");
            return 1;
        }
    }

    /** Installs the handlers for a running server started from {@code conf}. */
    static void install(ProxyServer server, Path conf, long shutdownTimeoutMs, PrintStream err) {
        long[] timeout = {shutdownTimeoutMs};
        Signal.handle(new Signal("HUP"), s -> {
            err.println(Main.NAME + ": [notice] signal HUP received, reconfiguring");
            try {
                ProxyConfig next = ProxyConfig.load(conf);
                next.warnings().forEach(w -> err.println(Main.NAME + ": [warn] " + w));
                dev.hotgates.proxy.statics.RootCheck.check(next).forEach(w -> err.println(Main.NAME + ": [warn] " + w));
                server.reload(next);
                timeout[0] = next.shutdownTimeoutMs();
                err.println(Main.NAME + ": [notice] reconfigured from " + conf);
            } catch (ConfigError e) {
                err.println(Main.NAME + ": [emerg] " + e.getMessage() + "; the running configuration keeps serving");
            } catch (Exception e) {
                err.println(Main.NAME + ": [emerg] " + e.getMessage() + "; the running configuration keeps serving");
            }
        });
        Signal.handle(new Signal("USR1"), s -> {
            err.println(Main.NAME + ": [notice] signal USR1 received, reopening logs");
            server.reopenLogs();
        });
        sun.misc.SignalHandler stop = s -> {
            err.println(Main.NAME + ": [notice] signal " + s.getName() + " received, shutting down gracefully (at most "
                    + timeout[0] + " ms)");
            try {
                int cut = server.drain(timeout[0]);
                if (cut > 0) err.println(Main.NAME + ": [warn] " + cut + " connection(s) still busy after worker_shutdown_timeout, closed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.println(Main.NAME + ": [notice] exiting");
            System.exit(0);
        };
        Signal.handle(new Signal("TERM"), stop);
        Signal.handle(new Signal("INT"), stop);
    }
}
