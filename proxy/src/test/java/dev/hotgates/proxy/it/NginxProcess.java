package dev.hotgates.proxy.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's nginx started on a configuration file, in the foreground, with its own prefix. */
final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final Path prefix;

    private NginxProcess(Process process, Path prefix) {
        this.process = process;
        this.prefix = prefix;
    }

    /** The nginx binary, or null when it is not installed. */
    static String binary() {
        for (String p : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        return null;
    }

    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary(), "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out.replace("nginx version: ", "");
    }

    static NginxProcess start(Path conf, Path prefix, int port) throws Exception {
        Files.createDirectories(prefix.resolve("logs"));
        Process p = new ProcessBuilder(binary(), "-p", prefix.toString(), "-c", conf.toString(), "-g",
                "daemon off; master_process off; pid " + prefix.resolve("nginx.pid") + "; error_log " + prefix.resolve("logs/error.log") + ";")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        NginxProcess n = new NginxProcess(p, prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("nginx exited: " + Files.readString(prefix.resolve("stdout.log")));
            try (Socket s = new Socket("127.0.0.1", port)) {
                return n;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        n.close();
        throw new IllegalStateException("nginx did not start listening on " + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
