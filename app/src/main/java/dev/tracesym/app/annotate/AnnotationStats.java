package dev.tracesym.app.annotate;

/** Counts of what an annotation run did, for the CLI's summary and for tests. */
public final class AnnotationStats {
    /** Lines read (and written). */
    public long lines;
    /** Symbol texts found. */
    public long symbols;
    /** Symbol texts rewritten from their address (whether or not the text changed). */
    public long renamed;
    /** Addresses that had no symbol at their time, written as the bare address. */
    public long unresolved;
    /** Names confirmed unique at their time and given their module. */
    public long moduleAdded;
    /** Names marked uncertain ({@code ?}). */
    public long marked;
    /** Lines passed through without being understood. */
    public long garbage;

    @Override
    public String toString() {
        return "lines=" + lines + " symbols=" + symbols + " renamed=" + renamed + " unresolved=" + unresolved
                + " moduleAdded=" + moduleAdded + " marked=" + marked + " garbage=" + garbage;
    }
}
