package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.ResolvedSymbol;
import java.io.IOException;

/**
 * Whether the symbols fit a text trace, judged from the text itself: where a line shows both an
 * address of the kernel image and its name (sym-addr {@code name+0xoff/0xsize <ffff...>}, perf's ip
 * column), the kernel printed that name and it never goes stale (only module code comes and goes),
 * so the symbols must name that address the same. Symbols of another boot (another KASLR slide) or
 * another build name almost none of them so. The first {@link #ENOUGH} agreeing or disagreeing
 * addresses decide; text without such addresses cannot be judged and is accepted.
 */
public final class TextEvidence {
    /** The symbols do not fit the text: the annotators stop with this at the line that showed it. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String why) {
            super(why);
        }
    }

    /** Agreeing (or disagreeing) addresses that settle the question. */
    static final int ENOUGH = 8;

    private int agree;
    private int disagree;
    private boolean decided;
    private boolean refused;
    private String example;

    /**
     * One symbol text of line {@code line}: address {@code addr} shown as kernel-image code
     * {@code name} ({@code offset}, or -1 when the text shows none); {@code ours} is what the
     * symbols name it (null name: nothing there).
     */
    void seen(long line, long addr, String name, long offset, ResolvedSymbol ours) {
        if (decided) {
            return;
        }
        boolean same = name.equals(ours.name) && (offset < 0 || offset == ours.offset) && (ours.module == null || ours.builtin);
        if (same) {
            agree++;
        } else {
            disagree++;
            if (example == null) {
                example = "line " + line + ": " + Long.toHexString(addr) + " is " + name + (offset < 0 ? "" : "+0x" + Long.toHexString(offset))
                        + " in the text, " + (ours.name == null ? "nothing (" + ours.unknown + ")"
                        : ours.appendText(new StringBuilder(), true).toString())
                        + " in the symbols";
            }
        }
        if (agree >= ENOUGH || disagree >= ENOUGH) {
            decide();
        }
    }

    /**
     * A code address the text shows without a name (trace-cmd's {@code -R}, a {@code %p} print, perf's
     * {@code [unknown]}): the symbols must place it somewhere, in the kernel image or the module area;
     * an address they call {@code unmapped} is one of another kernel image.
     */
    void seenBare(long line, long addr, ResolvedSymbol ours) {
        if (decided || ours.name == null && !"unmapped".equals(ours.unknown)) {
            return;          // module code that is gone at that time says nothing about the kernel
        }
        if (ours.name != null) {
            agree++;
        } else {
            disagree++;
            if (example == null) {
                example = "line " + line + ": " + Long.toHexString(addr) + " is code in the text, outside the kernel and its modules in the symbols";
            }
        }
        if (agree >= ENOUGH || disagree >= ENOUGH) {
            decide();
        }
    }

    /** Decides with what has been seen: refused when more addresses disagree than agree. */
    void decide() {
        if (!decided) {
            decided = true;
            refused = disagree > agree;
        }
    }

    /** True once the evidence settled the question (either way). */
    boolean decided() {
        return decided;
    }

    /** True when any address was compared. */
    boolean any() {
        return agree + disagree > 0;
    }

    /** True when the symbols are shown not to fit the text. */
    public boolean refused() {
        return refused;
    }

    /** Throws {@link Refused} once the symbols are shown not to fit. */
    void check() throws Refused {
        if (refused) {
            throw new Refused(why());
        }
    }

    /** Why, in one sentence (after {@link #refused()}). */
    public String why() {
        return "the symbols name " + disagree + " of the first " + (agree + disagree)
                + " kernel code addresses otherwise than the text does (" + example + ")";
    }
}
