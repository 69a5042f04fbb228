package dev.hotgates.proxy.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hotgates.proxy.config.ConfigError;
import dev.hotgates.proxy.config.ProxyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Fuzzes the configuration loader: whatever the text, loading it either succeeds or throws a
 * {@link ConfigError} that names the file and a line, never anything else. Without
 * {@code JAZZER_FUZZ=1} this runs the seed files under {@code ConfigFuzzTestInputs/} (real
 * configurations and every input that once failed); with it, it fuzzes for the given time.
 */
class ConfigFuzzTest {

    private static final Path DIR = tempDir();
    private static final Path FILE = DIR.resolve("fuzz.conf");
    private static final Pattern WHERE = Pattern.compile("(?s).* in " + Pattern.quote(FILE.toString()) + ":[1-9][0-9]*");

    @FuzzTest(maxDuration = "30s")
    void loadsOrReportsFileAndLine(byte[] input) throws IOException {
        // include reads other files by glob; fuzzing it would walk the file system.
        if (new String(input, StandardCharsets.ISO_8859_1).contains("include")) return;
        Files.write(FILE, input);
        try {
            ProxyConfig.load(FILE);
        } catch (ConfigError e) {
            assertTrue(WHERE.matcher(e.getMessage()).matches(), "error without FILE:LINE: " + e.getMessage());
        }
    }

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("hotgates-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
