package dev.tracesym.app.report;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.event.EventFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The exit status of {@code tracesym report} where it refuses what {@code trace-cmd report} 3.1.6 refuses
 * too (issue 16: the same exit code as trace-cmd), and how trace-cmd comes to it.
 *
 * <p>trace-cmd refuses in two ways. {@code usage()} (an unknown option, a missing value, a file given both
 * with {@code -i} and as an argument, {@code -h}) prints its usage and exits with -1: status 255. {@code die()}
 * (a bad {@code --cpu} list, a second {@code -v}, an unknown verbose level, {@code --ts-offset} before any
 * {@code -i}, {@code -w} with several inputs, a file it cannot open or that is no trace, a filter libtraceevent
 * refuses, a {@code -H} field its event lacks) exits with {@code errno} as it finds it, or 255 when that is 0.
 * That errno is whatever the last failing step left, often long before the die:
 * <ul>
 * <li>{@code open()} of a trace that is missing (ENOENT, 2) or not readable (EACCES, 13); the first
 *     {@code read()} of a folder (EISDIR, 21);</li>
 * <li>loading libtraceevent's plugins when the file is opened (unless {@code -N}): {@code stat()} of
 *     {@code $HOME/.local/lib/traceevent/plugins} fails with ENOENT where that folder does not exist
 *     (then of {@code $TRACEEVENT_PLUGIN_DIR}, when set, before it);</li>
 * <li>parsing the metadata sections ({@link DatFile#traceCmdParseOrder()}): an event format whose
 *     {@code __print_array}/{@code __print_hex} argument libtraceevent cannot parse sets EINVAL (22;
 *     {@link EventFormats#parsingSetsEinval}); parsing the kallsyms and the saved cmdlines sets errno to 0
 *     at each line. A v6 file ends with the cmdlines, so its errno is 0; a v7 file is parsed in the reverse
 *     order of its section options, the event formats last but the header page: on Linux 6.12 traces (the
 *     dma events' {@code sizeof(u64)}) it is EINVAL;</li>
 * <li>the kallsyms of {@code --kallsyms FILE}, parsed before each trace's sections (0), and a {@code --comm}
 *     name missing from the first trace's cmdlines: trace-cmd's warning() sets errno to 0.</li>
 * </ul>
 * Every input's file is opened and its sections parsed before any filter is compiled, so a refused filter
 * dies with the errno the last input left. This class replays those steps; the samples' differential test
 * ({@code ReportRefusalStatusTest}) compares the result with trace-cmd's on every sample.
 *
 * <p>A run keeps the status of its refusal here ({@link #refuse}); {@code tracesym report} exits with it,
 * every other command with its own 2.
 */
public final class TraceCmdExit {
    /** usage()'s {@code exit(-1)}; die()'s status when errno is 0. */
    public static final int USAGE = 255;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int ENOTDIR = 20;
    private static final int EISDIR = 21;
    private static final int EINVAL = 22;

    private final boolean noPlugins;
    private final boolean pluginFunctions;
    private final Path kallsyms;
    private int status = -1;

    /**
     * @param noPlugins       trace-cmd's {@code -N}: no plugin is loaded, no plugin folder looked at
     * @param pluginFunctions whether the print-fmt helpers of the plugins are known (neither {@code -N} nor {@code -L})
     * @param kallsyms        {@code --kallsyms FILE}, or null
     */
    public TraceCmdExit(boolean noPlugins, boolean pluginFunctions, Path kallsyms) {
        this.noPlugins = noPlugins;
        this.pluginFunctions = pluginFunctions;
        this.kallsyms = kallsyms;
    }

    /** Remembers that the run was refused as trace-cmd refuses it, with trace-cmd's status. */
    public void refuse(int traceCmdStatus) {
        status = traceCmdStatus;
    }

    /** The status trace-cmd exits with for the refusal, or {@code otherwise} when the run was not refused as trace-cmd's. */
    public int or(int otherwise) {
        return status >= 0 ? status : otherwise;
    }

    /** die()'s exit status with {@code errno}: the errno itself (as a shell sees it), 255 for 0. */
    public static int die(int errno) {
        return errno == 0 ? USAGE : errno & 0xff;
    }

    /**
     * A filter (-F, -v, --pid, --comm) refused after every input was opened ({@code dats}): trace-cmd dies
     * compiling it with the errno its parsing left, or 0 where a {@code --comm} name is missing from the first
     * trace's saved cmdlines (its warning clears errno before the filters are compiled).
     */
    public void refuseFilter(List<DatFile> dats, List<String> comms) {
        int errno = errnoAfterParsing(dats);
        if (!comms.isEmpty() && !dats.isEmpty()) {
            java.util.Set<String> known = new java.util.HashSet<>();
            String saved = dats.get(0).cmdlines();
            for (String line : (saved == null ? "" : saved).split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    known.add(line.substring(space + 1));
                }
            }
            for (String c : comms) {
                if (!known.contains(c)) {
                    errno = 0;
                }
            }
        }
        refuse(die(errno));
    }

    /** {@link #refuseFilter(List, List)} for inputs not open: each is opened again to replay its parsing. */
    public void refuseFilterOf(List<ReportCommand.Trace> traces, List<String> comms) {
        List<DatFile> dats = new ArrayList<>();
        try {
            for (ReportCommand.Trace t : traces) {
                dats.add(t.open());
            }
            refuseFilter(dats, comms);
        } catch (IOException | RuntimeException e) {
            // an input that failed to open refuses the run before its filters: the caller saw that first
        } finally {
            ReportCommand.closeAll(dats); // only read
        }
    }

    /**
     * Input {@code index} of {@code traces} cannot be opened ({@code e}); the inputs before it open (trace-cmd
     * opened and parsed them first). Sets trace-cmd's status when trace-cmd refuses that file too.
     */
    public void refuseOpening(Exception e, List<ReportCommand.Trace> traces, int index) {
        List<DatFile> before = new ArrayList<>();
        try {
            for (int i = 0; i < index; i++) {
                before.add(traces.get(i).open());
            }
            refuseOpening(e, traces.get(index).path(), before);
        } catch (IOException | RuntimeException ex) {
            // cannot happen for inputs the run opened already; tracesym's own status then
        } finally {
            ReportCommand.closeAll(before); // only read
        }
    }

    /** {@link #refuseOpening(Exception, List, int)} with the inputs before it open. */
    public void refuseOpening(Exception e, String path, List<DatFile> before) {
        Integer s = openFailure(e, path, errnoAfterParsing(before), noPlugins);
        if (s != null) {
            refuse(s);
        }
    }

    /** A refusal trace-cmd makes with die() after opening and parsing every input ({@code dats}). */
    public void refuseAfterParsing(List<DatFile> dats) {
        refuse(die(errnoAfterParsing(dats)));
    }

    /**
     * errno after trace-cmd opened and parsed {@code dats} in turn as it does before compiling any filter:
     * for each, the plugins looked for, the {@code --kallsyms} file's text, the metadata sections.
     */
    int errnoAfterParsing(List<DatFile> dats) {
        byte[] added = null;
        if (kallsyms != null && !dats.isEmpty()) { // read after the first trace is opened
            try {
                added = ReportCommand.readKallsyms(kallsyms);
            } catch (IOException e) {
                return ENOENT; // trace-cmd dies opening it ("Can't read file")
            }
        }
        int errno = 0;
        for (DatFile dat : dats) {
            errno = afterPlugins(errno, noPlugins);
            if (added != null && hasLine(added)) {
                errno = 0;
            }
            EventFormats formats = null;
            for (DatFile.MetadataSection s : dat.traceCmdParseOrder()) {
                switch (s) {
                    case FTRACE_EVENTS, EVENT_FORMATS -> {
                        if (formats == null) {
                            try {
                                formats = ReportCommand.inputOf(dat).formats();
                            } catch (IOException e) {
                                continue; // formats that do not read refuse the run before this
                            }
                        }
                        if (formats.parsingSetsEinval(s == DatFile.MetadataSection.FTRACE_EVENTS, pluginFunctions)) {
                            errno = EINVAL;
                        }
                    }
                    case KALLSYMS -> {
                        if (hasLine(dat.kallsymsBytes())) {
                            errno = 0;
                        }
                    }
                    case CMDLINES -> {
                        if (dat.cmdlines() != null && hasLine(dat.cmdlines().getBytes(StandardCharsets.UTF_8))) {
                            errno = 0;
                        }
                    }
                    default -> {
                        // the header page and the printk formats: libtraceevent sets no errno there
                    }
                }
            }
        }
        return errno;
    }

    /**
     * The status of trace-cmd's die() where it cannot open a trace, the inputs before it opened and parsed
     * leaving {@code errnoBefore}: open()'s errno, EISDIR for a folder, or for a file that is no trace-cmd
     * file the errno it found (its reads do not fail); for a compression it does not know, the errno of
     * loading the plugins, which it does first. Null when trace-cmd would not refuse it there (damage that
     * it finds later, or not at all: tracesym's own status applies).
     */
    static Integer openFailure(Exception e, String path, int errnoBefore, boolean noPlugins) {
        if ("-".equals(path)) {
            return null; // standard input is tracesym's (trace-cmd would open a file named "-")
        }
        if (e instanceof NoSuchFileException) {
            return die(ENOENT);
        }
        if (e instanceof AccessDeniedException) {
            return die(EACCES);
        }
        if (Files.isDirectory(Path.of(path))) {
            return die(EISDIR);
        }
        if (e instanceof TraceFormatException t) {
            switch (t.kind()) {
                case NOT_A_TRACE_CMD_FILE:
                    return die(errnoBefore);
                case UNKNOWN_COMPRESSION:
                case CUT_IN_FILE_HEADER: // trace-cmd reads the rest of a v7 file's header after loading the plugins
                    return die(afterPlugins(errnoBefore, noPlugins));
                default:
                    return null;
            }
        }
        if (e instanceof FileSystemException f && f.getReason() != null && f.getReason().contains("Not a directory")) {
            return die(ENOTDIR);
        }
        return null;
    }

    /**
     * errno after libtraceevent looked for plugins ({@code tep_load_plugins}): the system folder (there),
     * then {@code $TRACEEVENT_PLUGIN_DIR} and {@code $HOME/.local/lib/traceevent/plugins}, each stat()ed; a
     * stat() that fails leaves its errno. Nothing is looked at with {@code -N}.
     */
    static int afterPlugins(int errno, boolean noPlugins) {
        if (noPlugins) {
            return errno;
        }
        String env = System.getenv("TRACEEVENT_PLUGIN_DIR");
        if (env != null) {
            errno = stat(Path.of(env), errno);
        }
        String home = System.getenv("HOME");
        if (home != null) {
            errno = stat(Path.of(home, ".local/lib/traceevent/plugins"), errno);
        }
        return errno;
    }

    private static int stat(Path p, int errno) {
        try {
            Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
            return errno;
        } catch (NoSuchFileException e) {
            return ENOENT;
        } catch (AccessDeniedException e) {
            return EACCES;
        } catch (FileSystemException e) {
            return e.getReason() != null && e.getReason().contains("Not a directory") ? ENOTDIR : errno;
        } catch (IOException e) {
            return errno;
        }
    }

    /**
     * Whether libtraceevent's line parsers (kallsyms, saved cmdlines) see a line in {@code text}: they read it
     * as a C string (up to its first NUL) and split it with strtok at newlines, so a line is any other byte.
     */
    private static boolean hasLine(byte[] text) {
        for (byte b : text) {
            if (b == 0) {
                return false;
            }
            if (b != '\n') {
                return true;
            }
        }
        return false;
    }
}
