package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.MapBlock;
import dev.hotgates.proxy.config.Model.Upstream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A whole loaded configuration file: immutable, shared by every event loop. {@code pidFile} is
 * where {@code pid} says, else {@link #DEFAULT_PID}; {@code shutdownTimeoutMs} is
 * {@code worker_shutdown_timeout} (10 s by default, within docker stop's grace period).
 */
public record ProxyConfig(Path file, int workers, int workerConnections, String pidFile, long shutdownTimeoutMs,
                          List<ServerConfig> servers, Map<String, Upstream> upstreams,
                          Map<String, MapBlock> maps, List<String> warnings) {

    public static final String DEFAULT_PID = "/tmp/hotgates.pid";

    public String pidPath() {
        return pidFile == null ? DEFAULT_PID : pidFile;
    }

    /** Loads and checks a configuration file; problems are {@link ConfigError}s naming file:line. */
    public static ProxyConfig load(Path file) {
        List<Directive> main = ConfigParser.parse(file);
        DirectiveSchema.check(main);
        return new ConfigLoader(file).load(main);
    }
}
