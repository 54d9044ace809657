package dev.tracesym.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme ({@code tsother:///path}): a file system that is not
 * {@code file:}, as HDFS or S3A are not, so that tests take the path of remote archives (copied to
 * the executor) and remote traces (positional reads through Hadoop).
 */
public final class OtherSchemeFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "tsother";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
