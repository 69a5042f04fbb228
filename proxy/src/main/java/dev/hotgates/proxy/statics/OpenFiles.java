package dev.hotgates.proxy.statics;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Small files kept open between requests, per event loop, for at most a second. A request whose
 * file is still the same one (device and inode, size and modification time, all from the lstat()
 * the resolver makes anyway) reads it with pread() and skips open() and close(): two system calls
 * and a walk of the path fewer. The client gets what a fresh open() would give, since the same
 * inode holds the same bytes; a file replaced or rewritten is opened again. A change of
 * permissions or owner is seen within the second, as with nginx's open_file_cache and
 * {@code open_file_cache_valid 1s}. Only files read whole into the response are kept; larger ones
 * go to sendfile() or splice(), which close them.
 */
public final class OpenFiles {

    static final long VALID_NANOS = 1_000_000_000L;
    static final int MAX_ENTRIES = 256;

    private static final FastThreadLocal<OpenFiles> LOOP = new FastThreadLocal<>() {
        @Override
        protected OpenFiles initialValue() {
            return new OpenFiles(System::nanoTime);
        }
    };

    /** An open file; {@link #done} closes it unless it is kept for the next request. */
    public record Opened(FileChannel channel, boolean kept) {
        public void done() {
            if (!kept) closeQuietly(channel);
        }
    }

    private record Entry(FileChannel channel, Object key, long size, FileTime mtime, long openedAt) { }

    private final Map<Path, Entry> entries = new HashMap<>();
    private final LongSupplier clock;
    private boolean sweepScheduled;

    OpenFiles(LongSupplier clock) {
        this.clock = clock;
    }

    /** Opens {@code file}, whose attributes {@code a} were read for this request, on the calling loop. */
    public static Opened open(Path file, BasicFileAttributes a, EventExecutor loop) throws IOException {
        return LOOP.get().get(file, a, loop);
    }

    /** Closes every file the calling loop keeps (the server stops). */
    public static void closeAll() {
        LOOP.get().clear();
    }

    /** A kept file that failed to read is dropped; the next request opens it again. */
    public static void forget(Path file) {
        Entry e = LOOP.get().entries.remove(file);
        if (e != null) closeQuietly(e.channel);
    }

    Opened get(Path file, BasicFileAttributes a, EventExecutor loop) throws IOException {
        if (a.size() > FileResponses.SMALL_FILE || a.fileKey() == null) return new Opened(FileChannel.open(file), false);
        long now = clock.getAsLong();
        Entry e = entries.get(file);
        if (e != null) {
            if (now - e.openedAt < VALID_NANOS && e.key.equals(a.fileKey()) && e.size == a.size() && e.mtime.equals(a.lastModifiedTime())) {
                return new Opened(e.channel, true);
            }
            entries.remove(file);
            closeQuietly(e.channel);
        }
        FileChannel ch = FileChannel.open(file);
        if (entries.size() >= MAX_ENTRIES) sweep(now, true);
        if (!sweepScheduled && !schedule(loop)) return new Opened(ch, false);
        entries.put(file, new Entry(ch, a.fileKey(), a.size(), a.lastModifiedTime(), now));
        return new Opened(ch, true);
    }

    int size() {
        return entries.size();
    }

    /** Closes the entries past their second (all of them when {@code full}, to make room). */
    void sweep(long now, boolean full) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (full || now - e.openedAt >= VALID_NANOS) {
                it.remove();
                closeQuietly(e.channel);
            }
        }
    }

    /** While anything is kept a sweep runs every second, so no file stays open on an idle loop. */
    private boolean schedule(EventExecutor loop) {
        try {
            loop.schedule(() -> sweepAndReschedule(loop), VALID_NANOS, TimeUnit.NANOSECONDS);
            sweepScheduled = true;
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    private void sweepAndReschedule(EventExecutor loop) {
        sweepScheduled = false;
        sweep(clock.getAsLong(), false);
        if (!entries.isEmpty()) schedule(loop);
    }

    void clear() {
        sweep(0, true);
    }

    static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // opened read-only: nothing to lose
        }
    }
}
