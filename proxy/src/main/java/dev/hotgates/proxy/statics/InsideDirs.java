package dev.hotgates.proxy.statics;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Directories recently resolved (every symbolic link on the way followed) to a place inside their
 * root, per event loop, for one second: the symlink check then costs one lstat() of the file
 * instead of a realpath() of the whole path on every request. A directory swapped for a link that
 * leads out is refused again at most a second later; nginx's open_file_cache caches the same
 * checks for 60 s by default.
 */
final class InsideDirs {

    private static final long VALID_NANOS = 1_000_000_000L;
    private static final int MAX_ENTRIES = 1024;

    /** Root as written in the configuration → directory → when it was found inside the root. */
    private static final FastThreadLocal<Map<String, Map<Path, Long>>> SEEN = new FastThreadLocal<>() {
        @Override
        protected Map<String, Map<Path, Long>> initialValue() {
            return new HashMap<>();
        }
    };

    private InsideDirs() { }

    static boolean known(Path dir, String root) {
        if (dir == null) return false;
        Map<Path, Long> dirs = SEEN.get().get(root);
        Long at = dirs == null ? null : dirs.get(dir);
        return at != null && System.nanoTime() - at < VALID_NANOS;
    }

    static void remember(Path dir, String root) {
        if (dir == null) return;
        Map<Path, Long> dirs = SEEN.get().computeIfAbsent(root, r -> new HashMap<>());
        if (dirs.size() >= MAX_ENTRIES) dirs.clear();
        dirs.put(dir, System.nanoTime());
    }
}
