package dev.tracesym.formats.dat;

/**
 * One ring buffer recorded in a {@code .dat} file: the top-level buffer (name {@code ""}) or a
 * tracefs instance.
 *
 * @param name     instance name, {@code ""} for the top-level buffer
 * @param clock    trace clock of the buffer (v7 BUFFER option; in v6 the file's clock), null if unknown
 * @param pageSize ring-buffer page (sub-buffer) size in bytes used to read this buffer's data
 * @param cpus     number of CPU slots (highest recorded CPU id + 1); slots without data are empty
 */
public record BufferInfo(String name, String clock, int pageSize, int cpus) {}
