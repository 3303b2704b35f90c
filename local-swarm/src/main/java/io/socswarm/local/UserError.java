package io.socswarm.local;

/**
 * A failure the user can fix (port in use, cluster unreachable, bad file): the launcher prints its
 * message as one sentence and exits non-zero, without a stack trace.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
