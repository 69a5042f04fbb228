package dev.hotgates.leonidas;

/** Reads the environment and starts the service: {@code PORT} (8080), {@code LOCHAGUS_URL}. */
public final class Main {

    private Main() { }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String lochagus = System.getenv().getOrDefault("LOCHAGUS_URL", "http://lochagus:8080");
        LochagusClient client = new LochagusClient(lochagus, 1000, 1500);
        LeonidasApp.create(ServiceInfo.of("leonidas"), client).start(port);
    }
}
