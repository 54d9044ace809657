/**
 * Event format files and libtraceevent-exact rendering of their print fmts.
 *
 * <p>{@link dev.tracesym.formats.event.EventFormats} reads the {@code format} files of a trace;
 * {@link dev.tracesym.formats.event.EventFields} reads fields of a record without allocating;
 * {@link dev.tracesym.formats.event.EventPrinter} renders an event's info text exactly as
 * libtraceevent 1.7.1 (the library behind trace-cmd 3.1.x) does when no plugin handles the event,
 * including its parser quirks and its {@code [FAILED TO PARSE]} fallback; kernel addresses are
 * named through a {@link dev.tracesym.formats.event.SymbolNamer}.
 *
 * <p>Behaviour is checked against trace-cmd's own reports of the repository's sample traces and,
 * for every event format of Debian's 6.1 and 6.12 kernels, against libtracecmd and libtraceevent
 * themselves ({@code tools/tep-oracle}, replayed by samples' {@code CatalogOracleTest}).
 */
package dev.tracesym.formats.event;
