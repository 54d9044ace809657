/**
 * The interactive prompt ({@code tracesym repl}) and the one-shot {@code tracesym resolve}: questions
 * about the kernel's symbol state over time.
 *
 * <p>{@link dev.tracesym.app.repl.ReplCommand} and {@link dev.tracesym.app.repl.ResolveCommand} are
 * the picocli commands. Behind them, {@code SymbolQueries} loads the sources (a symbol archive
 * replayed along a trace's markers and module events, or one table without time) and answers
 * resolve / lookup / modules / timeline / diff / events; {@code ReplSession} parses command lines
 * and completes words without a terminal; {@code ReplLoop} puts it on a jline terminal.
 */
package dev.tracesym.app.repl;
