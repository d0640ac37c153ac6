package org.proxytorture.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The recorded decisions of a run, compact: most decisions are the default 0, so runs of zeros
 * are stored as one token. Encoding: unsigned LEB128 varints; an even token 2v is the value
 * v >= 1, an odd token 2k+1 is a run of k zeros. A long run's log spills to a temporary file in
 * chunks of {@link #SPILL_BYTES}, so memory stays bounded however long the run.
 */
public final class ChoiceLog {
    public static final int SPILL_BYTES = 4 << 20;
    private byte[] buf = new byte[64];
    private int len;
    private Path spill;
    private OutputStream spillOut;
    private long spilledBytes;
    private long size;
    private long pendingZeros;
    private long nonZero;

    public void append(int v) {
        if (v < 0) throw new IllegalArgumentException("negative choice " + v);
        size++;
        if (v == 0) {
            pendingZeros++;
            return;
        }
        nonZero++;
        flushZeros();
        putVarint(2L * v);
    }

    private void flushZeros() {
        if (pendingZeros > 0) {
            putVarint(2 * pendingZeros + 1);
            pendingZeros = 0;
        }
    }

    private void putVarint(long x) {
        if (len + 10 > buf.length) {
            if (buf.length >= SPILL_BYTES) spillBuffer();
            else buf = Arrays.copyOf(buf, buf.length * 2);
        }
        while ((x & ~0x7FL) != 0) {
            buf[len++] = (byte) ((x & 0x7F) | 0x80);
            x >>>= 7;
        }
        buf[len++] = (byte) x;
    }

    private void spillBuffer() {
        try {
            if (spill == null) {
                spill = Files.createTempFile("proxytorture-choices", ".bin");
                spill.toFile().deleteOnExit();
                spillOut = new java.io.BufferedOutputStream(Files.newOutputStream(spill), 1 << 16);
            }
            spillOut.write(buf, 0, len);
            spillOut.flush();
            spilledBytes += len;
            len = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill the choice log", e);
        }
    }

    /**
     * Gives back what the log holds: its buffer, and its spill file (deleted now, not at the JVM's
     * exit: a soak records one log per run, hours long). The log must not be read afterwards.
     */
    public void discard() {
        buf = new byte[0];
        len = 0;
        if (spill == null) return;
        try {
            spillOut.close();
            Files.deleteIfExists(spill);
        } catch (IOException e) {
            // a temporary file: deleteOnExit still holds it
        }
        spill = null;
        spillOut = null;
    }

    /** Number of decisions recorded. */
    public long size() {
        return size;
    }

    /** Number of decisions that were not the default. */
    public long nonZero() {
        return nonZero;
    }

    /** Bytes the encoded log takes. */
    public long encodedBytes() {
        return spilledBytes + len + (pendingZeros > 0 ? 10 : 0);
    }

    public int[] toArray() {
        if (size > Integer.MAX_VALUE - 8) throw new IllegalStateException("choice log too long for an array: " + size);
        int[] out = new int[(int) size];
        Reader r = reader();
        for (int i = 0; i < out.length; i++) out[i] = r.next();
        return out;
    }

    public static ChoiceLog of(int... values) {
        ChoiceLog l = new ChoiceLog();
        for (int v : values) l.append(v);
        return l;
    }

    /** The compact text form used in replay files: "z<k>" for k zeros, plain numbers otherwise. */
    public String toCompactString() {
        StringBuilder sb = new StringBuilder();
        try {
            writeCompact(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return sb.toString();
    }

    /** Streams {@link #toCompactString()}'s text to {@code out}, for logs too long for one String. */
    public void writeCompact(Appendable out) throws IOException {
        Reader r = reader();
        long zeros = 0;
        boolean first = true;
        for (long i = 0; i < size; i++) {
            int v = r.next();
            if (v == 0) {
                zeros++;
                continue;
            }
            if (zeros > 0) {
                out.append(first ? "" : " ").append('z').append(Long.toString(zeros));
                first = false;
                zeros = 0;
            }
            out.append(first ? "" : " ").append(Integer.toString(v));
            first = false;
        }
        if (zeros > 0) out.append(first ? "" : " ").append('z').append(Long.toString(zeros));
    }

    /** Parses {@link #toCompactString()}; throws IllegalArgumentException naming the bad token. */
    public static ChoiceLog parseCompact(String s) {
        ChoiceLog l = new ChoiceLog();
        for (String tok : s.trim().split("\\s+")) {
            if (tok.isEmpty()) continue;
            try {
                if (tok.charAt(0) == 'z') {
                    long k = Long.parseLong(tok.substring(1));
                    if (k < 0) throw new NumberFormatException();
                    for (long i = 0; i < k; i++) l.append(0);
                } else {
                    l.append(Integer.parseInt(tok));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad choice token '" + tok + "' (expected a number >= 0 or z<count>)");
            }
        }
        return l;
    }

    public Reader reader() {
        return new Reader();
    }

    /** Reads the log from the start; the pending zero run at the end is read too. */
    public final class Reader {
        private int pos;
        private long zerosLeft;
        private long read;
        private InputStream spillIn;
        private long spillLeft = spilledBytes;

        private Reader() {
            if (spilledBytes > 0) {
                try {
                    spillIn = new java.io.BufferedInputStream(Files.newInputStream(spill), 1 << 16);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the spilled choice log", e);
                }
            }
        }

        private boolean more() {
            return spillLeft > 0 || pos < len;
        }

        private int nextByte() {
            if (spillLeft > 0) {
                try {
                    spillLeft--;
                    int b = spillIn.read();
                    if (spillLeft == 0) spillIn.close();
                    return b;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return buf[pos++];
        }

        public boolean hasNext() {
            return read < size;
        }

        public int next() {
            if (read >= size) return 0;
            read++;
            if (zerosLeft > 0) {
                zerosLeft--;
                return 0;
            }
            if (!more()) return 0; // inside the trailing, not yet flushed zero run
            long tok = getVarint();
            if ((tok & 1) == 1) {
                zerosLeft = (tok >>> 1) - 1;
                return 0;
            }
            return (int) (tok >>> 1);
        }

        private long getVarint() {
            long x = 0;
            int shift = 0;
            while (true) {
                int b = nextByte();
                x |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return x;
                shift += 7;
            }
        }
    }
}
