package dev.hotgates.proxy.config;

import java.util.List;

/**
 * One parsed directive: its name, arguments (quotes removed, variables left as text), the
 * directives of its block ({@code null} when it has none) and where it was written.
 */
public record Directive(String name, List<String> args, List<Directive> block, String file, int line) {

    public Directive {
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
    }

    public String arg(int i) {
        return args.get(i);
    }

    public boolean hasBlock() {
        return block != null;
    }

    public String where() {
        return file + ":" + line;
    }
}
