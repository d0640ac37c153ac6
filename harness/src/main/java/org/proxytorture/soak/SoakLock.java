package org.proxytorture.soak;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.proxytorture.config.BadInputException;

/**
 * One soak writes into a directory at a time: an exclusive lock on DIR/.soak.lock (the file is
 * kept; the lock goes with the process, however it ends, kill -9 included). Two soaks resuming
 * the same directory would both run the runs that were in flight.
 */
final class SoakLock implements AutoCloseable {
    static final String FILE = ".soak.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private SoakLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static SoakLock acquire(Path dir) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // this JVM holds it already
            }
            if (l == null) throw new BadInputException(dir + ": another soak is writing into it (accepted: one soak per directory;"
                    + " soak status " + dir + " reads it meanwhile)");
            return new SoakLock(ch, l);
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot lock it (" + e.getMessage() + ") (accepted: a writable directory)");
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException e) {
            // the lock goes with the channel
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // released with the channel below
        }
        closeQuietly(channel);
    }
}
