package dev.rashomon.rashomon;

import dev.rashomon.run.UserError;

/**
 * A saved pipeline that fails on a value of the evaluation rows (text where it casts to a number,
 * an empty cell its VectorAssembler meets) fails inside a Spark task. That is bad input, not a
 * runtime failure: this finds it in the exception's causes and says which input holds it.
 */
final class ScoringFailure {
    private static final String[] MARKERS = {"[CAST_INVALID_INPUT]", "Encountered null while assembling"};

    private ScoringFailure() {
    }

    /** The bad-input error behind {@code failure}, or null when it is something else. */
    static UserError explain(Throwable failure, String inputPath) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            for (String marker : MARKERS) {
                int at = message.indexOf(marker);
                if (at >= 0) {
                    String detail = message.substring(at).lines().findFirst().orElse("");
                    int sentence = detail.indexOf(". ");
                    return new UserError("the models cannot score a row of input " + inputPath + ": "
                            + (sentence > 0 ? detail.substring(0, sentence) : detail)
                            + " (a column the pipelines read as a number holds text or nothing; fix those rows)", failure);
                }
            }
        }
        return null;
    }
}
