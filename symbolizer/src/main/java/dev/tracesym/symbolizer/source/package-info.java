/**
 * Parsers of the text symbol sources: kallsyms / kallmodsyms / System.map
 * ({@link dev.tracesym.symbolizer.source.KallsymsParser}), {@code /proc/modules}, module section
 * listings, {@code modules.builtin.ranges}, GNU ld link maps
 * ({@link dev.tracesym.symbolizer.source.LinkerMap}, combined into object-file ranges by
 * {@link dev.tracesym.symbolizer.source.ObjectRanges}); and {@link dev.tracesym.symbolizer.source.TextSource},
 * which reads any of them plain or xz/gzip/zstd-compressed.
 */
package dev.tracesym.symbolizer.source;
