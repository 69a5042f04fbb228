package dev.hotgates.proxy.config;

import dev.hotgates.proxy.config.Model.AccessRule;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses {@code allow}/{@code deny} arguments: an address, a CIDR block, or {@code all}. */
final class AccessRules {

    private AccessRules() { }

    static AccessRule parse(Directive d) {
        boolean allow = d.name().equals("allow");
        String v = d.arg(0);
        if (v.equals("all")) return new AccessRule(allow, null, -1, v);
        int slash = v.indexOf('/');
        String addr = slash < 0 ? v : v.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) throw ConfigError.at(d, "invalid parameter \"" + v + "\"");
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw ConfigError.at(d, "invalid parameter \"" + v + "\"");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw ConfigError.at(d, "invalid parameter \"" + v + "\"");
            }
            if (bits < 0 || bits > bytes.length * 8) throw ConfigError.at(d, "invalid parameter \"" + v + "\"");
        }
        return new AccessRule(allow, bytes, bits, v);
    }
}
