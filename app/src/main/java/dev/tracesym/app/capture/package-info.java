/**
 * {@code tracesym capture}: records a symbol archive on the traced machine (and, as
 * {@code --script}, a POSIX shell twin of it that writes the same files).
 *
 * <p>The archive is a folder laid out as docs/ARCHIVE.md and the samples' {@code snapshots/} folders
 * (events.tsv, kernel.tsv and the copies are extras a reader may ignore):
 * <pre>
 * manifest.tsv              NNN TAB label TAB uptime, one row per complete snapshot, in order
 * NNN-label.kallsyms        the full symbol file (/proc/kallmodsyms where the kernel has it, else
 *                           /proc/kallsyms): the first snapshot, and any whose vmlinux part differs
 * NNN-label.modsyms         later snapshots: only the lines after the vmlinux part (modules, BPF,
 *                           trampolines); the full file is the first .kallsyms's vmlinux part + these
 * NNN-label.modules         /proc/modules
 * NNN-label.sections        "module section address" from /sys/module/NAME/sections/
 * events.tsv                NNN TAB module_load|module_free|lost TAB module TAB time: the event that
 *                           made snapshot NNN be taken, as the capture's tracefs instance printed it,
 *                           on the clock of the buffer the markers go to (its instance takes that clock)
 * kernel.tsv                key TAB value: release, version, machine, build-id, boot-id,
 *                           symbols (kallsyms|kallmodsyms), captured-by
 * System.map, modules.builtin, modules.builtin.ranges   copies, where the machine has them
 * modules/NAME.ko[.xz|.zst|.gz]   the files of the modules loaded during the capture (modules.dep)
 * </pre>
 * Labels are {@code start}, {@code after-load-MODULE}, {@code after-unload-MODULE},
 * {@code after-lost-events} and {@code final}. Right before snapshot NNN is read, the line
 * {@code epoch: NNN label} is written to trace_marker, which places it on the trace's clock.
 * A module's load is seen after the kernel's {@code module_load} event, so the module's first
 * (init) events precede the marker of the snapshot that names them: a reader applies that
 * snapshot from the module_load event of the trace, or from the time in events.tsv.
 */
package dev.tracesym.app.capture;
