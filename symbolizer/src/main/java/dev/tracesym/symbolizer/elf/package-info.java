/**
 * A small ELF64 reader for kernel modules ({@link dev.tracesym.symbolizer.elf.ElfModule}) and the
 * module loader's layout of their sections ({@link dev.tracesym.symbolizer.elf.ModuleLayout}).
 */
package dev.tracesym.symbolizer.elf;
