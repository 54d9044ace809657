package dev.tracesym.app.repl;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.List;

/** Tab completion for the REPL: command names first, then what the command's next argument is. */
final class ReplCompleter implements Completer {
    private final ReplSession session;

    ReplCompleter(ReplSession session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        String prefix = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        for (String c : session.completions(words.subList(0, Math.min(index, words.size())), prefix)) {
            candidates.add(new Candidate(c));
        }
    }
}
