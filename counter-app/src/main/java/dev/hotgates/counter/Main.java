package dev.hotgates.counter;

/** Reads the environment and starts the counter: {@code PORT} (5000), Redis address. */
public final class Main {

    private Main() { }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "5000"));
        CounterApp.create(HitCounter.fromEnvironment(System.getenv())).start(port);
    }
}
