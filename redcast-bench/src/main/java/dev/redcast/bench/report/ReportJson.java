package dev.redcast.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.redcast.bench.spec.BenchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Thread-safe (the mapper is). Writes and reads {@link BenchReport} JSON files. */
public final class ReportJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    // Reports written by a newer bench stay readable by the chart command.
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportJson() {}

    public static String toJson(BenchReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (IOException e) {
            throw new BenchException("cannot encode the report as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @throws BenchException when the text is not a bench report
     */
    public static BenchReport fromJson(String json) {
        try {
            BenchReport report = MAPPER.readValue(json, BenchReport.class);
            if (report == null || report.runs() == null || report.settings() == null) {
                throw new BenchException("not a redcast-bench report: no settings or runs");
            }
            return report;
        } catch (IOException e) {
            throw new BenchException("not a redcast-bench report: " + e.getMessage(), e);
        }
    }

    public static void write(BenchReport report, Path file) {
        try {
            Files.writeString(file, toJson(report) + "\n");
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e, e);
        }
    }

    public static BenchReport read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BenchException("no such file: " + file, e);
        } catch (IOException e) {
            throw new BenchException("cannot read " + file + ": " + e, e);
        }
        try {
            return fromJson(json);
        } catch (BenchException e) {
            throw new BenchException(file + ": " + e.getMessage(), e);
        }
    }
}
