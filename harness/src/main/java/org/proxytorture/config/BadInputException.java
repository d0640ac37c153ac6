package org.proxytorture.config;

/** Bad user input (parameter, value, file): one line naming the problem; exit code 2. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
