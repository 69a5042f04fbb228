package dev.hotgates.lochagus;

/** Reads the environment and starts the service: {@code PORT} (default 8080). */
public final class Main {

    private Main() { }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        LochagusApp.create(ServiceInfo.of("lochagus")).start(port);
    }
}
