package dev.hotgates.proxy.config;

/**
 * A configuration problem, worded as nginx words it: {@code unknown directive "foo" in FILE:12}.
 */
public final class ConfigError extends RuntimeException {

    public ConfigError(String message) {
        super(message, null, false, false);
    }

    public static ConfigError at(Directive d, String message) {
        return new ConfigError(message + " in " + d.file() + ":" + d.line());
    }

    public static ConfigError at(String file, int line, String message) {
        return new ConfigError(message + " in " + file + ":" + line);
    }
}
