package org.proxytorture.kernel.locking;

/** A lockdep lock class (struct lock_class_key): locks of one class share ordering rules. */
public record LockClass(String name) {
    @Override
    public String toString() {
        return name;
    }
}
