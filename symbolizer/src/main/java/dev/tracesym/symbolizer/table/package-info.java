/**
 * Immutable symbol tables with the kernel's lookup rules: the kernel image
 * ({@link dev.tracesym.symbolizer.table.KernelTable}), one loaded module
 * ({@link dev.tracesym.symbolizer.table.ModuleSymbols}), ftrace's saved init functions
 * ({@link dev.tracesym.symbolizer.table.ModMap}), and the whole state of one moment
 * ({@link dev.tracesym.symbolizer.table.KernelSymbols}).
 */
package dev.tracesym.symbolizer.table;
