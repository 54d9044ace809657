package dev.tracesym.formats.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tracesym.formats.event.ResolvedSymbol;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes events as JSON Lines, one object per line, with the keys of tracesym's JSON Lines
 * contract ({@code docs/JSONL.md}): {@code ts cpu pid comm event system buffer fields syms}, plus
 * {@code tgid} where known. The same keys for every input format. Streaming through jackson's
 * {@link JsonGenerator}; nothing is buffered per event beyond the generator's own buffer.
 */
public final class JsonLinesWriter implements Closeable, Flushable {
    private final JsonGenerator g;
    private final JsonText text = new JsonText();
    private final FirstKeys firstKeys = new FirstKeys();
    private long written;

    public JsonLinesWriter(OutputStream out) throws IOException {
        JsonFactory f = JsonFactory.builder().build();
        g = f.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null); // lines end with the newline alone: no blank before the next object
    }

    /** Writes one event as one line. */
    public void write(EventRecord e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("ts", e.ts);
        g.writeNumberField("cpu", e.cpu);
        g.writeNumberField("pid", e.pid);
        if (e.tgid >= 0) {
            g.writeNumberField("tgid", e.tgid);
        }
        g.writeStringField("comm", e.comm != null ? e.comm : "");
        g.writeStringField("event", e.event != null ? e.event : "");
        g.writeStringField("system", e.system != null ? e.system : "");
        g.writeStringField("buffer", e.buffer != null ? e.buffer : "");
        g.writeFieldName("fields");
        writeFields(g, text, firstKeys, e);
        g.writeFieldName("syms");
        g.writeStartObject();
        for (int i = 0; i < e.symCount; i++) {
            if (!firstKeys.first(e.symKey, i, e.symCount)) {
                continue;
            }
            g.writeFieldName(e.symKey[i]);
            writeSymbol(e, i);
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        written++;
    }

    /** The fields object: every field once (a repeated key keeps its first value). */
    static void writeFields(JsonGenerator g, JsonText text, FirstKeys firstKeys, EventRecord e) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < e.fieldCount; i++) {
            if (!firstKeys.first(e.fieldKey, i, e.fieldCount)) {
                continue;
            }
            g.writeFieldName(e.fieldKey[i]);
            switch (e.fieldType[i]) {
                case EventRecord.T_INT:
                    text.writeInt(g, e.fieldNum[i]);
                    break;
                case EventRecord.T_ADDR:
                    text.writeHexString(g, e.fieldNum[i]);
                    break;
                case EventRecord.T_STRING:
                    g.writeString((String) e.fieldRef[i]);
                    break;
                case EventRecord.T_BYTES:
                    g.writeString(new String((byte[]) e.fieldRef[i], e.fieldOff[i], e.fieldLen[i], StandardCharsets.UTF_8));
                    break;
                default: {
                    long[] a = (long[]) e.fieldRef[i];
                    g.writeStartArray();
                    for (int k = 0; k < e.fieldLen[i]; k++) {
                        text.writeHexString(g, a[k]);
                    }
                    g.writeEndArray();
                }
            }
        }
        g.writeEndObject();
    }

    private void writeSymbol(EventRecord e, int i) throws IOException {
        ResolvedSymbol s = e.sym[i];
        g.writeStartObject();
        g.writeFieldName("addr");
        if (e.symHasAddr[i]) {
            text.writeHexString(g, e.symAddr[i]);
        } else {
            g.writeNull();
        }
        if (s.name == null) {
            g.writeStringField("unknown", s.unknown != null ? s.unknown : "no-symbols");
        } else {
            g.writeStringField("name", s.name);
            g.writeFieldName("off");
            text.writeInt(g, s.offset);
            g.writeFieldName("size");
            text.writeInt(g, s.size);
            g.writeFieldName("module");
            if (s.module != null) {
                g.writeString(s.module);
            } else {
                g.writeNull();
            }
            g.writeFieldName("object");
            if (s.object != null) {
                g.writeString(s.object);
            } else {
                g.writeNull();
            }
            if (s.builtin) {
                g.writeBooleanField("builtin", true);
            }
            if (s.modules != null) {
                g.writeFieldName("modules");
                g.writeStartArray();
                for (String m : s.modules) {
                    g.writeString(m);
                }
                g.writeEndArray();
            }
            if (s.trueSize >= 0) {
                g.writeFieldName("true_size");
                text.writeInt(g, s.trueSize);
            }
            if (s.gap) {
                g.writeBooleanField("gap", true);
            }
        }
        if (e.symUncertain[i] != null) {
            g.writeStringField("uncertain", e.symUncertain[i]);
        }
        g.writeEndObject();
    }

    /** Events written so far. */
    public long written() {
        return written;
    }

    @Override
    public void flush() throws IOException {
        g.flush();
    }

    /** Flushes; the underlying stream stays open (the caller owns it). */
    @Override
    public void close() throws IOException {
        g.close();
    }
}
