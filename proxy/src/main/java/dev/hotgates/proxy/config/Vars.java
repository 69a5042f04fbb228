package dev.hotgates.proxy.config;

/** What a {@link Template} reads at request time: variables by name and regex captures. */
public interface Vars {

    /** The variable's value, or {@code null} when it is not set (rendered as empty). */
    String get(String name);

    /** The n-th capture of the last regex that matched, or {@code null}. */
    default String capture(int n) {
        return null;
    }
}
