package dev.hotgates.proxy.config;

/** nginx's value syntax: times ({@code 500ms 60s 1m 1h30m}), sizes ({@code 8k 1m}), flags. */
public final class Values {

    private Values() { }

    /** A time in milliseconds; a bare number is seconds, as in nginx. */
    public static long millis(Directive d, String v) {
        if (v.isEmpty()) throw invalid(d, v);
        long total = 0;
        int i = 0;
        while (i < v.length()) {
            int start = i;
            while (i < v.length() && Character.isDigit(v.charAt(i))) i++;
            if (start == i) throw invalid(d, v);
            long n = Long.parseLong(v.substring(start, i));
            int unitStart = i;
            while (i < v.length() && Character.isLetter(v.charAt(i))) i++;
            String unit = v.substring(unitStart, i);
            long mul = switch (unit) {
                case "ms" -> 1L;
                case "", "s" -> 1000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                case "w" -> 7 * 86_400_000L;
                case "M" -> 30 * 86_400_000L;
                case "y" -> 365 * 86_400_000L;
                default -> throw invalid(d, v);
            };
            total += n * mul;
            if (unit.isEmpty() && i < v.length()) throw invalid(d, v);
        }
        return total;
    }

    /** A size in bytes: {@code 512}, {@code 8k}, {@code 1m}, {@code 1g}. */
    public static long bytes(Directive d, String v) {
        if (v.isEmpty()) throw invalid(d, v);
        char last = Character.toLowerCase(v.charAt(v.length() - 1));
        long mul = switch (last) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String digits = mul == 1 ? v : v.substring(0, v.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) throw invalid(d, v);
        return Long.parseLong(digits) * mul;
    }

    public static boolean flag(Directive d) {
        String v = d.arg(0);
        if (v.equals("on")) return true;
        if (v.equals("off")) return false;
        throw ConfigError.at(d, "invalid value \"" + v + "\" in \"" + d.name() + "\" directive, it must be \"on\" or \"off\"");
    }

    public static int positiveInt(Directive d, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // fall through to nginx's message
        }
        throw ConfigError.at(d, "invalid value \"" + v + "\"");
    }

    private static ConfigError invalid(Directive d, String v) {
        return ConfigError.at(d, "\"" + d.name() + "\" directive invalid value \"" + v + "\"");
    }
}
