package org.proxytorture.soak;

import java.nio.charset.StandardCharsets;
import org.proxytorture.check.Identity;

/**
 * A failure identity as a directory name under DIR/failures/: its text with anything but
 * letters, digits, '.', '-' and '=' made '_', cut to 80 characters, and 8 hex digits of its hash
 * so that two identities that read alike once cut never share a directory.
 */
public final class Slug {
    private Slug() { }

    public static String of(Identity id) {
        String text = id.toString();
        String s = text.replaceAll("[^A-Za-z0-9.=-]+", "_").replaceAll("^_+|_+$", "");
        if (s.length() > 80) s = s.substring(0, 80);
        return s + "-" + String.format("%08x", fnv1a(text));
    }

    /** FNV-1a, 32 bits: stable across JVMs (String#hashCode is too, but says nothing of its spread). */
    private static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }
}
