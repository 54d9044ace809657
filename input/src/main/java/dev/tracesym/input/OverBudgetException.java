package dev.tracesym.input;

/**
 * Compressed input that decompresses to more than the budget of {@link InputFile}: refused whole
 * (a bomb), never read as "cut short".
 */
public final class OverBudgetException extends InputException {
    private static final long serialVersionUID = 1L;

    OverBudgetException(String source, String message) {
        super(source + ": " + message, source, -1, false, null);
    }
}
