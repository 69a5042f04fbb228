package dev.hotgates.proxy.statics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The page {@code autoindex on} answers for a directory, as nginx writes it. */
public final class DirectoryListing {

    private static final DateTimeFormatter LISTING_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private DirectoryListing() { }

    /** nginx's autoindex page: directories first, names padded to 50 columns, date and size. */
    public static byte[] page(String uri, Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(p -> { if (!p.getFileName().toString().startsWith(".")) entries.add(p); });
        } catch (IOException e) {
            entries.clear();
        }
        entries.sort((x, y) -> {
            boolean dx = Files.isDirectory(x);
            boolean dy = Files.isDirectory(y);
            if (dx != dy) return dx ? -1 : 1;
            return x.getFileName().toString().compareTo(y.getFileName().toString());
        });
        StringBuilder sb = new StringBuilder();
        sb.append("<html>\r\n<head><title>Index of ").append(uri).append("</title></head>\r\n<body>\r\n<h1>Index of ")
                .append(uri).append("</h1><hr><pre><a href=\"../\">../</a>\r\n");
        for (Path p : entries) {
            BasicFileAttributes a = StaticResolver.attrs(p);
            if (a == null) continue;
            String name = p.getFileName().toString() + (a.isDirectory() ? "/" : "");
            String shown = name.length() > 50 ? name.substring(0, 47) + "..>" : name;
            sb.append("<a href=\"").append(name).append("\">").append(shown).append("</a>")
                    .append(" ".repeat(Math.max(1, 51 - shown.length())))
                    .append(LISTING_DATE.format(a.lastModifiedTime().toInstant()));
            String size = a.isDirectory() ? "-" : Long.toString(a.size());
            sb.append(" ".repeat(Math.max(1, 20 - size.length()))).append(size).append("\r\n");
        }
        sb.append("</pre><hr></body>\r\n</html>\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
