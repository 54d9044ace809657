/**
 * Parsers of the text symbol sources: kallsyms / kallmodsyms / System.map
 * ({@link dev.tracesym.symbolizer.source.KallsymsParser}), {@code /proc/modules}, module section
 * listings, {@code modules.builtin.ranges}; and {@link dev.tracesym.symbolizer.source.TextSource},
 * which reads any of them plain or xz/gzip/zstd-compressed.
 */
package dev.tracesym.symbolizer.source;
