package dev.hotgates.proxy.statics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesTest {

    @TempDir
    Path dir;

    private long now = 5_000_000_000L;
    private final OpenFiles files = new OpenFiles(() -> now);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventExecutor loop = channel.eventLoop();

    @AfterEach
    void close() {
        files.clear();
        channel.finishAndReleaseAll();
    }

    private OpenFiles.Opened open(Path p) throws IOException {
        return files.get(p, Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), loop);
    }

    private static String read(OpenFiles.Opened f) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        int n = f.channel().read(b, 0);
        return new String(b.array(), 0, Math.max(n, 0), StandardCharsets.UTF_8);
    }

    @Test
    void theSameFileIsReadThroughTheDescriptorItAlreadyHas() throws IOException {
        Path p = Files.writeString(dir.resolve("a.txt"), "first");
        OpenFiles.Opened one = open(p);
        one.done();
        OpenFiles.Opened two = open(p);
        assertTrue(one.kept());
        assertSame(one.channel(), two.channel());
        assertTrue(two.channel().isOpen(), "done() leaves a kept file open");
        assertEquals("first", read(two));
    }

    @Test
    void aFileWrittenAgainIsOpenedAgain() throws IOException {
        Path p = Files.writeString(dir.resolve("a.txt"), "first");
        OpenFiles.Opened one = open(p);
        Files.writeString(p, "second, longer");
        OpenFiles.Opened two = open(p);
        assertNotSame(one.channel(), two.channel());
        assertFalse(one.channel().isOpen(), "the stale descriptor is closed");
        assertEquals("second, longer", read(two));
    }

    @Test
    void aFileReplacedByAnotherOfTheSameSizeAndTimeIsOpenedAgain() throws IOException {
        Path p = Files.writeString(dir.resolve("a.txt"), "AAAA");
        FileTime t = Files.getLastModifiedTime(p);
        OpenFiles.Opened one = open(p);
        Path next = Files.writeString(dir.resolve("a.txt.new"), "BBBB");
        Files.setLastModifiedTime(next, t);
        Files.move(next, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        OpenFiles.Opened two = open(p);
        assertNotSame(one.channel(), two.channel(), "another inode, though size and time match");
        assertEquals("BBBB", read(two));
    }

    @Test
    void aKeptFileIsOpenedAgainAfterASecond() throws IOException {
        Path p = Files.writeString(dir.resolve("a.txt"), "x");
        OpenFiles.Opened one = open(p);
        now += TimeUnit.MILLISECONDS.toNanos(999);
        assertSame(one.channel(), open(p).channel());
        now += TimeUnit.MILLISECONDS.toNanos(1);
        OpenFiles.Opened two = open(p);
        assertNotSame(one.channel(), two.channel());
        assertFalse(one.channel().isOpen());
    }

    @Test
    void theSweepClosesWhatIsPastItsSecond() throws IOException {
        OpenFiles.Opened old = open(Files.writeString(dir.resolve("old.txt"), "o"));
        now += TimeUnit.MILLISECONDS.toNanos(600);
        OpenFiles.Opened young = open(Files.writeString(dir.resolve("young.txt"), "y"));
        now += TimeUnit.MILLISECONDS.toNanos(600);
        files.sweep(now, false);
        assertFalse(old.channel().isOpen());
        assertTrue(young.channel().isOpen());
        assertEquals(1, files.size());
    }

    @Test
    void theLoopSweepsEverySecondWhileAnythingIsKept() throws IOException {
        OpenFiles.Opened f = open(Files.writeString(dir.resolve("a.txt"), "x"));
        assertTrue(channel.runScheduledPendingTasks() > 0, "a sweep is scheduled (nanoseconds until it is due)");
        now += TimeUnit.SECONDS.toNanos(2);
        // the embedded loop runs what is due by its own clock; advance it past the second
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(f.channel().isOpen(), "an idle loop does not keep the file open");
        assertEquals(0, files.size());
    }

    @Test
    void largeFilesAreNotKeptAndDoneClosesThem() throws IOException {
        Path p = Files.write(dir.resolve("big.bin"), new byte[FileResponses.SMALL_FILE + 1]);
        OpenFiles.Opened f = open(p);
        assertFalse(f.kept());
        f.done();
        assertFalse(f.channel().isOpen());
        assertEquals(0, files.size());
    }

    @Test
    void theNumberKeptIsBounded() throws IOException {
        OpenFiles.Opened first = open(Files.writeString(dir.resolve("f0"), "0"));
        for (int i = 1; i <= OpenFiles.MAX_ENTRIES; i++) open(Files.writeString(dir.resolve("f" + i), "" + i));
        assertTrue(files.size() <= OpenFiles.MAX_ENTRIES, "kept: " + files.size());
        assertFalse(first.channel().isOpen());
        files.clear();
        assertEquals(0, files.size());
    }

    @Test
    void readsGiveTheFilesBytes() throws IOException {
        byte[] bytes = new byte[FileResponses.SMALL_FILE];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
        Path p = Files.write(dir.resolve("b.bin"), bytes);
        open(p);
        OpenFiles.Opened f = open(p);
        ByteBuffer b = ByteBuffer.allocate(bytes.length);
        while (b.hasRemaining() && f.channel().read(b, b.position()) > 0) { }
        assertArrayEquals(bytes, b.array());
    }
}
