package dev.hotgates.proxy.statics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotgates.proxy.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootCheckTest {

    @TempDir
    Path dir;

    @Test
    void missingRootIsAWarningNamingTheLocation() {
        List<String> w = RootCheck.check(Configs.server(dir, "location /s/ { root " + dir.resolve("nope") + "; }"));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("root \"" + dir.resolve("nope") + "\" of location /s/ in "), w.get(0));
        assertTrue(w.get(0).endsWith(" does not exist"), w.get(0));
    }

    @Test
    void aFileWhereTheRootShouldBeStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RootCheck.check(Configs.server(dir, "location /s/ { alias " + file + "/; }")));
        assertTrue(e.getMessage().endsWith("is not a readable directory"), e.getMessage());
    }

    @Test
    void proxiedAndReturningLocationsAreNotChecked() {
        assertEquals(List.of(), RootCheck.check(Configs.server(dir,
                "location /p/ { root /nope; proxy_pass http://127.0.0.1:1/; }\nlocation /r { root /nope; return 204; }")));
    }
}
