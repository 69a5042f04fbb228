package dev.hotgates.@PKG@;

import java.net.InetAddress;
import java.time.Instant;

/** Who answered: the service name, its instance (the container's hostname), version and start time. */
public record ServiceInfo(String service, String instance, String version, String startedAt) {

    public static ServiceInfo of(String service) {
        String version = ServiceInfo.class.getPackage().getImplementationVersion();
        return new ServiceInfo(service, hostname(), version == null ? "dev" : version, Instant.now().toString());
    }

    static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
