package dev.tracesym.app;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code tracesym --version}: the version, the JDK it runs on (the launcher picks one: JAVA_HOME's,
 * else the newest it finds) and what speeds its start-up, as the launcher says in the system
 * property {@code tracesym.startup}.
 */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String startup = switch (String.valueOf(System.getProperty("tracesym.startup"))) {
            case "aot" -> "ahead-of-time cache (JDK 24 and later)";
            case "cds" -> "class-data archive (AppCDS)";
            case "recording" -> "this run records what later runs load";
            default -> "none (no launcher cache)";
        };
        return new String[] {
            "tracesym 0.1.0",
            "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                    + System.getProperty("java.home"),
            "start-up: " + startup,
        };
    }
}
