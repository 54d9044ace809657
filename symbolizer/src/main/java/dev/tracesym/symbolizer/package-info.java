/**
 * Names kernel addresses as of their time. {@link dev.tracesym.symbolizer.Symbolizer} is what a
 * trace pipeline drives: {@link dev.tracesym.symbolizer.TimeAwareSymbolizer} over a symbol archive
 * (docs/ARCHIVE.md), {@link dev.tracesym.symbolizer.StaticSymbolizer} over one kallsyms,
 * kallmodsyms or System.map; each fills a caller-owned {@link dev.tracesym.symbolizer.Resolution}.
 * Knows nothing of trace formats.
 */
package dev.tracesym.symbolizer;
