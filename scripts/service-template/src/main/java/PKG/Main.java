package dev.hotgates.@PKG@;

/** Reads the environment and starts the service: {@code PORT} (default @PORT@). */
public final class Main {

    private Main() { }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "@PORT@"));
        @CLASS@App.create(ServiceInfo.of("@NAME@")).start(port);
    }
}
