package dev.hotgates.proxy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads nginx's configuration syntax into a tree of {@link Directive}s: words separated by
 * blanks, directives ended by {@code ;}, blocks in {@code {}}, {@code #} comments, single and
 * double quotes with backslash escapes, and {@code include} with globs relative to the
 * including file's directory (expanded here, as nginx does while parsing).
 */
public final class ConfigParser {

    private final String file;
    private final String text;
    private final Path dir;
    private int pos;
    private int line = 1;

    private ConfigParser(Path path, String text) {
        this.file = path.toString();
        this.text = text;
        this.dir = path.toAbsolutePath().getParent();
        int nul = text.indexOf('\0');
        if (nul >= 0) throw ConfigError.at(file, lineOf(text, nul), "unexpected NUL character");
    }

    private static int lineOf(String text, int index) {
        return 1 + (int) text.substring(0, index).chars().filter(c -> c == '\n').count();
    }

    /** Parses a whole file; a problem becomes a {@link ConfigError} naming file and line. */
    public static List<Directive> parse(Path path) {
        return new ConfigParser(path, read(path, null)).block(false);
    }

    /** Parses text as if it were the content of {@code path} (for tests and explain). */
    public static List<Directive> parse(Path path, String text) {
        return new ConfigParser(path, text).block(false);
    }

    private static String read(Path path, Directive from) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException | java.io.UncheckedIOException e) {
            String msg = "open() \"" + path + "\" failed (" + reason(e) + ")";
            throw from == null ? new ConfigError(msg) : ConfigError.at(from, msg);
        }
        return utf8(path, bytes);
    }

    /** Strict UTF-8, so that text given to clients is what the file says; a bad byte names its line. */
    private static String utf8(Path path, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            int line = 1;
            for (int start = 0, i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    try {
                        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, start, i - start));
                    } catch (java.nio.charset.CharacterCodingException bad) {
                        break;
                    }
                    start = i + 1;
                    line++;
                }
            }
            throw ConfigError.at(path.toString(), line, "invalid UTF-8 byte sequence");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "2: No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "13: Permission denied";
        return e.getMessage();
    }

    private List<Directive> block(boolean inBlock) {
        List<Directive> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        int startLine = line;
        while (true) {
            Token t = next();
            if (t == null) {
                if (!words.isEmpty()) throw ConfigError.at(file, line, "unexpected end of file, expecting \";\" or \"}\"");
                if (inBlock) throw ConfigError.at(file, line, "unexpected end of file, expecting \"}\"");
                return out;
            }
            switch (t.kind) {
                case WORD -> {
                    if (words.isEmpty()) startLine = t.line;
                    words.add(t.text);
                }
                case SEMI -> {
                    if (words.isEmpty()) throw ConfigError.at(file, t.line, "unexpected \";\"");
                    Directive d = new Directive(words.get(0), words.subList(1, words.size()), null, file, startLine);
                    if (d.name().equals("include")) out.addAll(include(d));
                    else out.add(d);
                    words.clear();
                }
                case OPEN -> {
                    if (words.isEmpty()) throw ConfigError.at(file, t.line, "unexpected \"{\"");
                    List<Directive> inner = block(true);
                    out.add(new Directive(words.get(0), words.subList(1, words.size()), inner, file, startLine));
                    words.clear();
                }
                case CLOSE -> {
                    if (!words.isEmpty() || !inBlock) throw ConfigError.at(file, t.line, "unexpected \"}\"");
                    return out;
                }
            }
        }
    }

    private List<Directive> include(Directive d) {
        if (d.args().size() != 1) throw ConfigError.at(d, "invalid number of arguments in \"include\" directive");
        String pattern = d.arg(0);
        Path target = dir.resolve(pattern);
        List<Path> files = new ArrayList<>();
        if (pattern.contains("*") || pattern.contains("?") || pattern.contains("[")) {
            Path parent = target.getParent();
            String glob = target.getFileName().toString();
            if (Files.isDirectory(parent)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, glob)) {
                    ds.forEach(files::add);
                } catch (IOException e) {
                    throw ConfigError.at(d, "glob \"" + target + "\" failed (" + reason(e) + ")");
                }
            }
            files.sort(null);
        } else {
            files.add(target);
        }
        List<Directive> out = new ArrayList<>();
        for (Path p : files) out.addAll(new ConfigParser(p, read(p, d)).block(false));
        return out;
    }

    private enum Kind { WORD, SEMI, OPEN, CLOSE }

    private record Token(Kind kind, String text, int line) { }

    private Token next() {
        skipBlanksAndComments();
        if (pos >= text.length()) return null;
        char c = text.charAt(pos);
        int at = line;
        switch (c) {
            case ';': pos++; return new Token(Kind.SEMI, ";", at);
            case '{': pos++; return new Token(Kind.OPEN, "{", at);
            case '}': pos++; return new Token(Kind.CLOSE, "}", at);
            case '"', '\'': return new Token(Kind.WORD, quoted(c), at);
            default: return new Token(Kind.WORD, bare(), at);
        }
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') { line++; pos++; }
            else if (c == ' ' || c == '\t' || c == '\r') pos++;
            else if (c == '#') { while (pos < text.length() && text.charAt(pos) != '\n') pos++; }
            else return;
        }
    }

    private String quoted(char quote) {
        int startLine = line;
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && !isSeparator(text.charAt(pos))) {
                    throw ConfigError.at(file, line, "unexpected \"" + text.charAt(pos) + "\"");
                }
                return sb.toString();
            }
            if (c == '\n') line++;
            if (c == '\\' && pos < text.length()) {
                char n = text.charAt(pos++);
                switch (n) {
                    case '"', '\'', '\\' -> sb.append(n);
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'n' -> sb.append('\n');
                    default -> sb.append('\\').append(n);
                }
                continue;
            }
            sb.append(c);
        }
        throw ConfigError.at(file, startLine, "unexpected end of file, expecting \";\" or \"}\"");
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '{' || c == '}';
    }

    private String bare() {
        int start = pos;
        boolean variable = false;
        int braces = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            // "${name}" keeps its braces inside one word, as nginx's tokenizer does.
            if (c == '{' && variable) { braces++; pos++; variable = false; continue; }
            if (c == '}' && braces > 0) { braces--; pos++; continue; }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '{' || c == '}') break;
            variable = c == '$';
            pos++;
        }
        return text.substring(start, pos);
    }
}
