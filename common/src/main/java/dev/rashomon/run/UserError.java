package dev.rashomon.run;

/**
 * A problem with what the user gave us (config or input data), as opposed to a failure of the
 * run itself. Jobs exit with code 2 and print the message as one readable line; the message names
 * the file, column, row or key and what was expected.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first UserError in a cause chain (Spark wraps errors thrown inside tasks), or null. */
    public static UserError findIn(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UserError userError) {
                return userError;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
