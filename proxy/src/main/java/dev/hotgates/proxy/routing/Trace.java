package dev.hotgates.proxy.routing;

/**
 * Receives each routing decision with its reason; {@code explain} prints them, traffic passes
 * none. Callers test for {@code null} before they build a note's text, so requests build none.
 */
@FunctionalInterface
public interface Trace {

    void note(String step);

    static void note(Trace t, String step) {
        if (t != null) t.note(step);
    }
}
