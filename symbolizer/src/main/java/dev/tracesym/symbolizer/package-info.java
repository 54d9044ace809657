/**
 * Names kernel addresses as of their time. {@link dev.tracesym.symbolizer.Symbolizer} is what a
 * trace pipeline drives: {@link dev.tracesym.symbolizer.TimeAwareSymbolizer} over a symbol archive
 * (docs/ARCHIVE.md), {@link dev.tracesym.symbolizer.StaticSymbolizer} over one kallsyms,
 * kallmodsyms or System.map; both take the kernel's build files (modules.builtin.ranges, linker
 * maps, System.map) for built-in modules and object files. Each fills a caller-owned
 * {@link dev.tracesym.symbolizer.Resolution}.
 * Knows nothing of trace formats.
 */
package dev.tracesym.symbolizer;
